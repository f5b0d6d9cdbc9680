import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { messageText } from '../../core/conversation/message.js';
import { protocolDefaults } from '../config/protocol-settings.js';
import { recordsReasons } from '../reasons/reason-settings.js';
import { ReasonAggregator } from '../reasons/summarize-reasons.js';
import { buildReport } from '../report/write-report.js';
import { readSamples } from '../results/read-results.js';
import type { BenchResults } from '../results/results-schema.js';
import {
  createResults,
  openPromptsWriter,
  promptsFileName,
  reportFileName,
  resultsFileName,
  samplesFileName,
  writeResults,
} from '../results/write-results.js';
import { BenchAggregator } from '../statistics/aggregator.js';
import { summarize } from '../statistics/summarize.js';
import type { PreparedRun } from './prepare-run.js';
import type { RunJournal } from './run-journal.js';

export interface RunFiles {
  results: string;
  samples: string;
  prompts: string;
  report: string | null;
  /** Files the mode added (the dialogue mode's conversations for audit and policy check). */
  extra?: string[];
}

export interface FinalizeOptions {
  prepared: PreparedRun;
  journal: RunJournal;
  dir: string;
  /** Milliseconds since the epoch, for `createdAt`. */
  now: number;
  simulated: boolean;
  refusalJudge?: string;
  /** The reason judge's name, when bails were labelled. */
  reasonJudge?: string;
  /** Build report.html (default true). */
  report: boolean;
}

// Small enough that each written piece is a young object: large strings live until a full
// collection, and a run of a million samples writes hundreds of megabytes.
const writeChunk = 32 * 1024;

/**
 * Turns a complete journal into the run's results. samples.jsonl is written in plan order (each
 * line read back from where the journal put it), so a resumed run and an uninterrupted one
 * give the same file; the statistics are computed in the same order from the outcomes kept in
 * memory. Every file appears under its final name only once complete.
 */
export async function finalizeRun(
  options: FinalizeOptions,
): Promise<{ results: BenchResults; files: RunFiles; warnings: string[] }> {
  const { prepared, journal, dir } = options;
  const { plan, config } = prepared;
  const { models, units, variants, methods } = plan.dims;
  const aggregator = new BenchAggregator();

  const samplesPath = join(dir, samplesFileName);
  const temporary = join(dir, `.${samplesFileName}.${process.pid}.tmp`);
  const input = openSync(journal.path, 'r');
  const output = openSync(temporary, 'w');
  try {
    const line = Buffer.allocUnsafe(64 * 1024);
    let chunk: string[] = [];
    let chunkBytes = 0;
    const outcomes = journal.outcomes;
    for (let index = 0; index < plan.size; index++) {
      const text = journal.readLine(input, index, line);
      chunk.push(text);
      chunkBytes += text.length;
      if (chunkBytes >= writeChunk) {
        writeSync(output, `${chunk.join('\n')}\n`);
        chunk = [];
        chunkBytes = 0;
      }
      const at = plan.at(index);
      const unit = units[at.unit];
      if (!unit) continue;
      aggregator.add({
        promptId: unit.id,
        category: unit.category,
        model: models[at.model] as string,
        method: methods[at.method] as string,
        variant: variants[at.variant] as string,
        ...(unit.condition !== undefined ? { condition: unit.condition } : {}),
        decision: outcomes.decisionAt(index) ?? 'error',
        bailProbability: outcomes.bailProbabilityAt(index),
        refusalScore: outcomes.refusalScoreAt(index),
      });
    }
    if (chunk.length > 0) writeSync(output, `${chunk.join('\n')}\n`);
    fsyncSync(output);
  } catch (error) {
    closeSync(output);
    rmSync(temporary, { force: true });
    throw error;
  } finally {
    closeSync(input);
  }
  closeSync(output);
  renameSync(temporary, samplesPath);

  const prompts = await openPromptsWriter(dir);
  try {
    for (const unit of units) {
      await prompts.write({
        promptId: unit.id,
        category: unit.category,
        ...(unit.subcategory !== null ? { subcategory: unit.subcategory } : {}),
        messages: [
          ...(unit.system !== undefined ? [{ role: 'system' as const, content: unit.system }] : []),
          ...unit.messages.map((message) => ({ role: message.role, content: messageText(message) })),
        ],
      });
    }
    await prompts.commit();
  } catch (error) {
    await prompts.abort();
    throw error;
  }

  const summary = summarize(aggregator, { seed: config.seed });
  const results = createResults(
    {
      createdAt: options.now,
      models: [...models],
      dataset: { name: prepared.dataset.name, prompts: prepared.dataset.prompts },
      samplesPerPrompt: config.samples,
      methods: [...methods],
      variants: [...variants],
      simulated: options.simulated,
      ...(options.refusalJudge !== undefined ? { refusalJudge: options.refusalJudge } : {}),
      protocol: {
        detection: config.detection ?? protocolDefaults.detection,
        answers: config.answers ?? protocolDefaults.answers,
        skippedPairs: prepared.skippedPairs.map((pair) => ({ ...pair })),
      },
    },
    summary,
  );
  const experiment = prepared.mode.summarize
    ? await prepared.mode.summarize(
        (async function* () {
          for await (const { record } of readSamples(dir)) yield record;
        })(),
        config,
      )
    : null;
  if (experiment) results.experiment = experiment;
  if (recordsReasons(config) || options.reasonJudge !== undefined) {
    const reasons = new ReasonAggregator({
      taxonomy: prepared.taxonomy,
      judge: options.reasonJudge ?? null,
      askWhy: config.askWhy === true,
      seed: config.seed,
      order: results.overall,
    });
    for await (const { record } of readSamples(dir)) reasons.add(record);
    results.reasons = reasons.summarize();
  }
  await writeResults(dir, results);
  const extra = prepared.mode.writeFiles
    ? await prepared.mode.writeFiles(
        dir,
        (async function* () {
          for await (const { record } of readSamples(dir)) yield record;
        })(),
        config,
      )
    : [];
  const warnings: string[] = [];
  let report: string | null = null;
  if (options.report) {
    const built = await buildReport(dir, { now: options.now });
    report = built.path;
    warnings.push(...built.warnings);
  }
  return {
    results,
    files: {
      results: join(dir, resultsFileName),
      samples: samplesPath,
      prompts: join(dir, promptsFileName),
      report: report ?? (options.report ? join(dir, reportFileName) : null),
      ...(extra.length > 0 ? { extra } : {}),
    },
    warnings,
  };
}

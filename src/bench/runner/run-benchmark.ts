import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { type Clock, systemClock } from '../../core/clock.js';
import type { LanguageModel } from '../../core/model.js';
import type { ModelOptions } from '../../providers/model-options.js';
import type { BenchConfig } from '../config/bench-config.js';
import { loadPriceTable } from '../config/price-table.js';
import { reasonJudgeForRun, type SampleReasonJudge } from '../reasons/sample-reason-judge.js';
import { refusalJudgeForRun } from '../refusal/run-refusal-judge.js';
import type { BenchResults } from '../results/results-schema.js';
import type { ModelUsage } from './accounting.js';
import { BenchError } from './bench-error.js';
import type { BenchProgress } from './bench-progress.js';
import type { RefusalJudge } from './dispatch-samples.js';
import { finalizeRun, type RunFiles } from './finalize-run.js';
import { openModels, type RunModels } from './open-models.js';
import { prepareRun } from './prepare-run.js';
import { defaultCachePath, ResponseCache } from './response-cache.js';
import { RunJournal } from './run-journal.js';
import { lockRunDir } from './run-lock.js';
import {
  journalFileName,
  lockFileName,
  type RunManifest,
  readRunManifest,
  writeRunManifest,
} from './run-manifest.js';
import { runSession } from './run-session.js';
import {
  checkCapabilities,
  checkSamePlan,
  countErrors,
  executionOf,
  finishedResult,
  isEmptyOrMissing,
  mergeUsage,
  version,
  withoutOut,
} from './run-support.js';

export interface RunBenchmarkOptions {
  onProgress?: (event: BenchProgress) => void;
  /** Cancels the run; what finished is kept and `--resume` continues it. */
  signal?: AbortSignal;
  /** Relative paths are taken from here. Default: the process's working directory. */
  cwd?: string;
  env?: Record<string, string | undefined>;
  clock?: Clock;
  /** Continue the unfinished run in `config.out` (its settings come from its run.json). */
  resume?: boolean;
  /** Build report.html at the end (default true). */
  report?: boolean;
  refusalJudge?: RefusalJudge;
  /** Labels bail reasons instead of the judge the config names (`reasonJudge`). */
  reasonJudge?: SampleReasonJudge;
  /** How often `progress` events come, in ms (default 250). */
  progressIntervalMs?: number;
  /** With `resume`: execution settings to change (concurrency, timeout, retries, cache, prices). */
  resumeOverrides?: Partial<BenchConfig>;
  /** Replaces `createModel` (embedding, tests). */
  createModel?: (spec: string, options: ModelOptions) => Promise<LanguageModel>;
}

export interface BenchRunResult {
  dir: string;
  /** False when the run was cancelled before every sample was taken. */
  complete: boolean;
  planned: number;
  completed: number;
  errors: number;
  simulated: boolean;
  models: string[];
  results: BenchResults | null;
  files: RunFiles | null;
  /** This session's requests, cache hits, tokens and cost. */
  usage: ModelUsage[];
  /** The same over every session of the run. */
  totalUsage: ModelUsage[];
  warnings: string[];
}

/**
 * Runs a benchmark: every model × method × variant × prompt × sample of the config, with the
 * cache, the provider gates and the journal, then writes results.json, samples.jsonl,
 * prompts.jsonl and report.html to `config.out`. A cancelled run (signal) keeps what finished;
 * `resume: true` continues it. Throws a `BenchError` or `InvalidInputError` when the run cannot
 * start, and `RUN_ABORTED` when a failure would repeat for every request.
 */
export async function runBenchmark(
  input: BenchConfig,
  options: RunBenchmarkOptions = {},
): Promise<BenchRunResult> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const clock = options.clock ?? systemClock;
  const emit = options.onProgress ?? (() => {});
  const dir = path.resolve(cwd, input.out);
  const previous = await readRunManifest(dir);
  if (options.resume && !previous) throw await noRunToResume(dir, cwd);
  if (!options.resume && (previous || !(await isEmptyOrMissing(dir)))) {
    throw new BenchError(
      'RUN_DIR_IN_USE',
      `${dir} already holds a ${previous?.status === 'complete' ? 'finished' : 'started'} run. Continue it with --resume ${input.out}, or choose another --out.`,
      { details: { dir } },
    );
  }
  const config: BenchConfig =
    options.resume && previous
      ? { ...(previous.config as BenchConfig), ...executionOf(input), out: input.out }
      : input;
  const prepared = await prepareRun(config, cwd);
  if (previous) checkSamePlan(previous, prepared, dir);
  if (previous?.status === 'complete') return finishedResult(dir, previous);

  const setupWarnings: string[] = [];
  let cache: ResponseCache | null = null;
  if (config.cache !== false) {
    try {
      cache = ResponseCache.open(
        config.cache === undefined ? defaultCachePath(env) : path.resolve(cwd, config.cache),
      );
    } catch (error) {
      // A cache file asked for by name must work; the default one is only a saving.
      if (config.cache !== undefined) throw error;
      const message = `running without the response cache: ${error instanceof Error ? error.message : String(error)}`;
      setupWarnings.push(message);
      emit({ type: 'warning', message });
    }
  }
  let models: RunModels | null = null;
  let unlock: (() => void) | null = null;
  let journal: RunJournal | null = null;
  try {
    // A judge named in the config (kept in run.json, so a resumed run judges alike) unless the caller gives one.
    const configuredJudge = options.refusalJudge
      ? null
      : refusalJudgeForRun(prepared.config, {
          env,
          cache,
          timeoutMs: config.timeoutMs,
          retries: config.retries,
        });
    if (configuredJudge) options = { ...options, refusalJudge: configuredJudge.runner };
    const configuredReasonJudge = options.reasonJudge
      ? null
      : reasonJudgeForRun(prepared.config, prepared.taxonomy, {
          env,
          cache,
          timeoutMs: config.timeoutMs,
          retries: config.retries,
        });
    if (configuredReasonJudge) options = { ...options, reasonJudge: configuredReasonJudge.judge };
    const prices = await loadPriceTable(config.prices, cwd);
    models = await openModels({
      config: prepared.config,
      extra: [
        ...(prepared.mode.auxiliaryModels?.(prepared.config) ?? []),
        ...(configuredJudge?.models ?? []),
        ...(configuredReasonJudge?.models ?? []),
      ],
      cache,
      prices,
      wordings: prepared.wordings,
      env,
      cwd,
      usedDefaultModel: prepared.usedDefaultModel,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.createModel ? { createModel: options.createModel } : {}),
      onDownload: (model, progress) => emit({ type: 'download', model, ...progress }),
    });
    checkCapabilities(prepared, models);
    await mkdir(dir, { recursive: true });
    unlock = lockRunDir(dir);
    // Known now for in-process models; a server says so only in its answers (see below).
    let simulated = (previous?.simulated ?? false) || models.tested.some((model) => model.simulated);
    const startedAt = clock.now();
    const manifest: RunManifest = {
      schema: 'bailkit.run/1',
      status: 'running',
      createdAt: previous?.createdAt ?? new Date(startedAt).toISOString(),
      updatedAt: new Date(startedAt).toISOString(),
      bailkit: previous?.bailkit ?? version(),
      config: withoutOut(prepared.config),
      fingerprint: prepared.fingerprint,
      dataset: prepared.dataset,
      models: prepared.plan.dims.models.slice(),
      variants: prepared.plan.dims.variants.slice(),
      planned: prepared.plan.size,
      completed: previous?.completed ?? 0,
      errors: previous?.errors ?? 0,
      sessions: (previous?.sessions ?? 0) + 1,
      simulated,
      usage: previous?.usage ?? [],
    };
    // The manifest comes first: a journal never exists without one, so whatever moment the
    // process dies at, either the first command can be run again or --resume continues it.
    await writeRunManifest(dir, manifest);
    const opened = await RunJournal.open(path.join(dir, journalFileName), prepared.plan);
    journal = opened.journal;
    manifest.completed = journal.completed;
    emit({
      type: 'start',
      dir,
      models: manifest.models,
      planned: prepared.plan.size,
      alreadyDone: journal.completed,
      recovered:
        opened.recovery.tornBytes > 0 || opened.recovery.duplicates > 0
          ? { tornBytes: opened.recovery.tornBytes, duplicates: opened.recovery.duplicates }
          : null,
      simulated,
    });

    const session = await runSession(
      prepared,
      models,
      journal,
      manifest,
      dir,
      startedAt,
      clock,
      emit,
      options,
    );
    const usage = models.tested.map((model) => model.accounting.snapshot());
    const auxiliary = [...models.bySpec.values()].filter(
      (m) => !prepared.config.models.some((e) => e.spec === m.spec),
    );
    usage.push(...auxiliary.map((model) => model.accounting.snapshot()));
    if (configuredJudge?.accounting) usage.push(configuredJudge.accounting.snapshot());
    if (configuredReasonJudge?.accounting) usage.push(configuredReasonJudge.accounting.snapshot());
    manifest.usage = mergeUsage(previous?.usage ?? [], usage);
    manifest.completed = journal.completed;
    manifest.errors = countErrors(journal, prepared);
    manifest.updatedAt = new Date(clock.now()).toISOString();
    await journal.close();
    const closed = journal;
    const journalPath = journal.path;
    journal = null;
    simulated = simulated || closed.simulatedSamples > 0 || models.tested.some((model) => model.simulated);
    manifest.simulated = simulated;
    const warnings = [...setupWarnings, ...session.warnings];
    if (session.fatal !== null) {
      await writeRunManifest(dir, manifest);
      const cause = session.fatal;
      throw new BenchError(
        'RUN_ABORTED',
        `The run stopped: ${cause instanceof Error ? cause.message : String(cause)} Every request would fail the same way; fix it and continue with --resume ${input.out}.`,
        { details: { dir }, cause },
      );
    }
    const complete = manifest.completed === prepared.plan.size;
    let results: BenchResults | null = null;
    let files: RunFiles | null = null;
    if (complete) {
      emit({ type: 'finalizing', completed: manifest.completed });
      // The closed journal still knows where every line is and what every sample decided.
      const finalized = await finalizeRun({
        prepared,
        journal: closed,
        dir,
        now: clock.now(),
        simulated,
        report: options.report ?? true,
        ...(options.refusalJudge ? { refusalJudge: options.refusalJudge.name } : {}),
        ...(options.reasonJudge ? { reasonJudge: options.reasonJudge.name } : {}),
      });
      results = finalized.results;
      files = finalized.files;
      warnings.push(...finalized.warnings);
      manifest.status = 'complete';
      await writeRunManifest(dir, manifest);
      await rm(journalPath, { force: true });
    } else {
      await writeRunManifest(dir, manifest);
    }
    return {
      dir,
      complete,
      planned: prepared.plan.size,
      completed: manifest.completed,
      errors: manifest.errors,
      simulated,
      models: manifest.models,
      results,
      files,
      usage,
      totalUsage: manifest.usage,
      warnings,
    };
  } finally {
    if (journal) await journal.close().catch(() => {});
    cache?.close();
    unlock?.();
    await models?.close();
  }
}

/**
 * Why `--resume` found nothing to continue. run.json is written before any sample runs, so a
 * folder with a lock or other files but no run.json holds a run stopped during start-up: nothing
 * of it ran, and starting it again loses nothing.
 */
async function noRunToResume(dir: string, cwd: string): Promise<BenchError> {
  const entries = await readdir(dir).catch(() => null);
  const start = `bailkit bench --model MODEL --dataset DATASET --out ${path.relative(cwd, dir) || '.'}`;
  if (entries === null) {
    return new BenchError(
      'RUN_NOT_FOUND',
      `${dir} does not exist, so there is no run to resume. Start one with: ${start}`,
      {
        details: { dir },
      },
    );
  }
  const leftovers = entries.filter((name) => name === lockFileName || name === journalFileName);
  if (leftovers.length > 0) {
    return new BenchError(
      'RUN_NOT_FOUND',
      `${dir} holds a run that never started: it was stopped before it wrote run.json (${leftovers.join(', ')} left behind), so no sample ran. Start it again with the command you started it with, without --resume, e.g. ${start}`,
      { details: { dir, leftovers } },
    );
  }
  return new BenchError(
    'RUN_NOT_FOUND',
    `${dir} holds no bailkit run to resume (no run.json). Start one with: ${start}`,
    { details: { dir } },
  );
}

/**
 * Continues the unfinished run in `dir` with the settings it started with; `overrides` may
 * change only how it is executed (concurrency, timeout, retries, cache, prices).
 */
export function resumeBenchmark(
  dir: string,
  overrides: Partial<BenchConfig> = {},
  options: Omit<RunBenchmarkOptions, 'resume' | 'resumeOverrides'> = {},
): Promise<BenchRunResult> {
  const placeholder = { ...(overrides as BenchConfig), out: dir };
  return runBenchmark(placeholder, { ...options, resume: true, resumeOverrides: overrides });
}

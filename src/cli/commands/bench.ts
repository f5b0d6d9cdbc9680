import path from 'node:path';
import { type BenchConfig, withDefaults } from '../../bench/config/bench-config.js';
import { loadConfigFile } from '../../bench/config/load-config-file.js';
import { comparisonExperiment } from '../../bench/results/experiment-results.js';
import { formatCost } from '../../bench/runner/accounting.js';
import type { BenchProgress } from '../../bench/runner/bench-progress.js';
import { type BenchEstimate, estimateBenchmark } from '../../bench/runner/estimate-benchmark.js';
import { type BenchRunResult, resumeBenchmark, runBenchmark } from '../../bench/runner/run-benchmark.js';
import { InvalidInputError } from '../../core/errors/invalid-input-error.js';
import { type CommandContext, defineCommand } from '../command.js';
import { ProgressBar } from '../progress-bar.js';
import { printDialogue } from './bench-dialogue-options.js';
import { printExperiment } from './bench-experiment-options.js';
import {
  benchExecutionOptions,
  benchPlanOptions,
  executionFromOptions,
  givenPlanFlags,
  planFromOptions,
} from './bench-options.js';
import { printReasons, reasonEstimateLines } from './bench-reason-options.js';

const options = {
  ...benchPlanOptions,
  out: {
    type: 'string',
    placeholder: 'DIR',
    description: 'Output folder (default bench-results/<date-time>)',
  },
  resume: {
    type: 'string',
    placeholder: 'DIR',
    description: 'Continue the unfinished run in DIR with its own settings',
  },
  'dry-run': {
    type: 'boolean',
    description: 'Print the planned samples, requests and estimated cost, and exit',
  },
  config: {
    type: 'string',
    placeholder: 'FILE',
    description: 'Run the models × settings matrix of a YAML or JSON file',
  },
  ...benchExecutionOptions,
  'no-report': {
    type: 'boolean',
    description: 'Skip report.html (results.json and samples.jsonl are still written)',
  },
} as const;

function defaultOut(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return path.join('bench-results', stamp);
}

function percent(value: number | null): string {
  return value === null ? '   n/a' : `${(value * 100).toFixed(1).padStart(5)}%`;
}

function printEstimate(estimate: BenchEstimate, out: string, context: CommandContext): void {
  const lines = [
    `Dry run of ${out}: ${estimate.planned} samples over ${estimate.dataset.prompts} prompts of ${estimate.dataset.name}; ${estimate.requests} requests if nothing is cached.`,
  ];
  for (const model of estimate.models) {
    const cost = (usd: number | null): string =>
      model.price.kind === 'free'
        ? `$0 (${model.price.reason})`
        : usd === null
          ? 'unknown'
          : `$${usd.toFixed(2)}`;
    lines.push(
      `  ${model.model}: ${model.samples} samples, ${model.requests} requests, ~${model.inputTokens} input tokens`,
      `    cost ${cost(model.costTypicalUsd)} with answers of typical length (~${Math.round(model.outputTokensTypical / Math.max(1, model.requests))} tokens), at most ${cost(model.costMaxUsd)} if every answer reaches its limit${model.price.kind === 'unknown' ? ` (no price for ${model.model}: give one with --prices FILE)` : model.price.kind === 'priced' ? ` (${model.price.price.source})` : ''}`,
    );
  }
  lines.push(...reasonEstimateLines(estimate));
  if (estimate.usedDefaultModel) lines.push('  (no --model given: the embedded local model would be used)');
  lines.push(...skippedNotes(estimate.skippedPairs));
  context.stdout.write(`${lines.join('\n')}\n`);
}

function skippedNotes(pairs: readonly { variant: string; method: string; reason: string }[]): string[] {
  return pairs.map((pair) => `Note: skipped ${pair.method} × ${pair.variant}: ${pair.reason}.`);
}

function printResult(result: BenchRunResult, context: CommandContext): void {
  const lines: string[] = [];
  if (result.simulated) {
    lines.push('SIMULATED: these numbers come from a simulated model and describe no real model.');
  }
  if (result.results) {
    lines.push('Bail rate (95% interval over prompts), all categories:');
    for (const row of result.results.overall) {
      const interval = row.ci95 ? `[${percent(row.ci95[0]).trim()}, ${percent(row.ci95[1]).trim()}]` : '';
      lines.push(
        `  ${row.model}  ${row.method.padEnd(21)} ${row.variant.padEnd(10)}${row.condition ? ` ${row.condition}` : ''} ${percent(row.rate)} ${interval.padEnd(16)} ${row.samples} samples, ${row.invalid} invalid, ${row.errors} errors`,
      );
    }
  }
  // Samples an experiment skipped on purpose (no script, over the context cap) are recorded as
  // errors too; they are not failures and are said apart.
  const skipped = (result.results?.experiment?.skipped ?? []).reduce((sum, entry) => sum + entry.samples, 0);
  const failed = Math.max(0, result.errors - skipped);
  lines.push(
    `Samples: ${result.completed}/${result.planned}${failed > 0 ? `; ${failed} failed after retries (recorded as errors, left out of the rates)` : ''}${skipped > 0 ? `; ${skipped} skipped (listed below, left out of the rates)` : ''}.`,
  );
  for (const usage of result.usage) {
    const failures = Object.entries(usage.attemptFailures)
      .filter(([, n]) => n > 0)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ');
    lines.push(
      `  ${usage.model}: ${usage.requests} requests${failures ? ` (failed attempts: ${failures})` : ''}, ${usage.cacheHits} cache hits, ${usage.inputTokens} input + ${usage.outputTokens} output tokens, cost ${formatCost(usage)}`,
    );
  }
  if (result.files) {
    lines.push(`Results: ${result.files.results}`, `Samples: ${result.files.samples}`);
    if (result.files.report) lines.push(`Report:  ${result.files.report}`);
    for (const file of result.files.extra ?? []) lines.push(`Also:    ${file}`);
  }
  lines.push(...skippedNotes(result.results?.protocol?.skippedPairs ?? []));
  for (const warning of result.warnings) lines.push(`Warning: ${warning}`);
  context.stdout.write(`${lines.join('\n')}\n`);
}

function progressHandler(
  context: CommandContext,
  label: string,
): { onProgress: (event: BenchProgress) => void; done: () => void } {
  const bar = new ProgressBar(context.stderr, { label });
  let download: { bar: ProgressBar; unit: number } | null = null;
  return {
    onProgress(event) {
      switch (event.type) {
        case 'download': {
          // Whole MiB for a model-sized file, KiB for a small one.
          if (download === null) {
            const small = event.totalBytes !== null && event.totalBytes < 10 * 1048576;
            download = {
              bar: new ProgressBar(context.stderr, { label: 'download ', unit: small ? 'KiB' : 'MiB' }),
              unit: small ? 1024 : 1048576,
            };
          }
          const { bar: downloadBar, unit } = download;
          const total = event.totalBytes === null ? 0 : Math.ceil(event.totalBytes / unit);
          const done =
            event.downloadedBytes === event.totalBytes ? total : Math.floor(event.downloadedBytes / unit);
          downloadBar.update({
            done,
            total,
            sessionDone: done,
            detail: event.model,
          });
          break;
        }
        case 'start':
          download?.bar.finish();
          context.stderr.write(
            `Running ${event.planned} sample${event.planned === 1 ? '' : 's'} of ${event.models.join(', ')} into ${event.dir}${event.alreadyDone > 0 ? ` (${event.alreadyDone} already done)` : ''}${event.simulated ? ' [simulated]' : ''}\n`,
          );
          if (event.recovered) {
            context.stderr.write(
              `  recovered the journal: dropped ${event.recovered.tornBytes} bytes of a torn last line, ${event.recovered.duplicates} repeated samples\n`,
            );
          }
          break;
        case 'progress': {
          const requests = event.usage.reduce((sum, usage) => sum + usage.requests, 0);
          const hits = event.usage.reduce((sum, usage) => sum + usage.cacheHits, 0);
          const throttled = event.concurrency.filter((gate) => gate.limit < gate.max);
          bar.update({
            done: event.completed,
            total: event.planned,
            sessionDone: event.sessionCompleted,
            detail: [
              `errors ${event.errors}`,
              `requests ${requests}`,
              `cache hits ${hits}`,
              ...throttled.map((gate) => `${gate.provider} concurrency ${gate.limit}/${gate.max}`),
            ].join(' · '),
          });
          break;
        }
        case 'finalizing':
          bar.finish();
          context.stderr.write('Writing results and report…\n');
          break;
        case 'warning':
          context.stderr.write(`Warning: ${event.message}\n`);
          break;
      }
    },
    done() {
      bar.finish();
      download?.bar.finish();
    },
  };
}

export const benchCommand = defineCommand({
  name: 'bench',
  summary: 'Measure how often models bail: models × bail methods × variants × prompts × samples',
  options,
  examples: [
    'bailkit bench --model simulated:default --dataset probe --samples 2 --out results',
    'bailkit bench --model openai:gpt-4o-mini --dataset probe --limit 20 --dry-run',
    'bailkit bench --model openai:qwen2.5-7b --base-url http://127.0.0.1:8000/v1 --dataset bailBench.csv --samples 2',
    'bailkit bench --resume results',
    'bailkit bench --config matrix.yaml --out results/matrix',
    'bailkit bench --mode dialogue --model simulated:default --dataset personas --samples 2 --out dialogues',
  ],
  async run(opts, _positionals, context) {
    const { out, resume, config: configFile } = opts;
    const dryRun = opts['dry-run'];
    const plan = planFromOptions(opts);
    const execution = executionFromOptions(opts);
    const given = givenPlanFlags(opts);
    const runOptions = {
      signal: context.signal,
      cwd: context.cwd,
      env: context.env,
      report: !opts['no-report'],
    };

    if (resume !== undefined) {
      if (given.length > 0 || configFile !== undefined || out !== undefined || dryRun) {
        throw new InvalidInputError(
          'INVALID_ARGUMENT',
          `--resume continues a run with the settings it started with; it cannot be combined with ${[...given, ...(configFile ? ['--config'] : []), ...(out ? ['--out'] : []), ...(dryRun ? ['--dry-run'] : [])].join(', ')}. Only --concurrency, --timeout, --retries, --cache, --no-cache, --prices and --no-report may change.`,
          { field: 'resume' },
        );
      }
      const progress = progressHandler(context, 'bench ');
      try {
        const result = await resumeBenchmark(path.resolve(context.cwd, resume), execution, {
          ...runOptions,
          onProgress: progress.onProgress,
        });
        progress.done();
        return finish(result, resume, context);
      } finally {
        progress.done();
      }
    }

    let runs: { name: string | null; config: BenchConfig }[];
    if (configFile !== undefined) {
      if (given.length > 0) {
        throw new InvalidInputError(
          'INVALID_ARGUMENT',
          `The plan comes from ${configFile}; ${given.join(', ')} cannot be given with --config (put them in the file). --out, --dry-run and the execution options may be.`,
          { field: 'config' },
        );
      }
      const loaded = await loadConfigFile(configFile, context.cwd);
      const base =
        out !== undefined
          ? path.resolve(context.cwd, out)
          : (loaded.out ?? path.resolve(context.cwd, defaultOut(new Date())));
      runs = loaded.runs.map((run) => {
        const dataset = run.config.dataset;
        if (dataset === undefined) {
          throw new InvalidInputError(
            'INVALID_CONFIG',
            `${loaded.file}: ${run.name ? `matrix run "${run.name}": ` : ''}no dataset given.`,
            {
              file: loaded.file,
              field: 'dataset',
            },
          );
        }
        const dir = run.name === null ? base : path.join(base, run.name);
        return { name: run.name, config: withDefaults({ ...run.config, ...execution, dataset, out: dir }) };
      });
    } else {
      if (plan.dataset === undefined) {
        throw new InvalidInputError(
          'INVALID_ARGUMENT',
          '--dataset is required: a built-in dataset (probe, control) or a file (see bailkit datasets).',
          {
            field: 'dataset',
          },
        );
      }
      runs = [
        {
          name: null,
          config: withDefaults({
            ...plan,
            ...execution,
            dataset: plan.dataset,
            out: out ?? defaultOut(new Date()),
          }),
        },
      ];
    }

    if (dryRun) {
      for (const run of runs)
        printEstimate(await estimateBenchmark(run.config, runOptions), run.config.out, context);
      return 0;
    }
    let code = 0;
    for (const run of runs) {
      if (run.name !== null) context.stdout.write(`== ${run.name} ==\n`);
      const progress = progressHandler(context, 'bench ');
      let result: BenchRunResult;
      try {
        result = await runBenchmark(run.config, { ...runOptions, onProgress: progress.onProgress });
      } finally {
        progress.done();
      }
      code = finish(result, run.config.out, context);
      if (code !== 0) break;
    }
    return code;
  },
});

function finish(result: BenchRunResult, out: string, context: CommandContext): number {
  printResult(result, context);
  printExperiment(comparisonExperiment(result.results), context);
  printDialogue(result.results, context);
  printReasons(result.results?.reasons, context);
  if (!result.complete) {
    context.stdout.write(
      `Stopped with ${result.completed}/${result.planned} samples done; continue with: bailkit bench --resume ${out}\n`,
    );
    return 130;
  }
  return 0;
}

import { setMaxListeners } from 'node:events';
import type { Clock } from '../../core/clock.js';
import type { BenchProgress, ProgressCounts } from './bench-progress.js';
import { type DispatchCounters, dispatchSamples } from './dispatch-samples.js';
import type { RunModels } from './open-models.js';
import type { PreparedRun } from './prepare-run.js';
import type { RunBenchmarkOptions } from './run-benchmark.js';
import type { RunJournal } from './run-journal.js';
import { type RunManifest, writeRunManifest } from './run-manifest.js';
import { countErrors } from './run-support.js';

/** How often run.json is rewritten while a run goes. */
const manifestEveryMs = 5000;

export interface SessionOutcome {
  fatal: unknown | null;
  warnings: string[];
}

/**
 * One session of a run: dispatches the missing samples, reports progress, keeps run.json up to
 * date while it goes, and stops at a fatal failure or when the caller cancels.
 */
export async function runSession(
  prepared: PreparedRun,
  models: RunModels,
  journal: RunJournal,
  manifest: RunManifest,
  dir: string,
  startedAt: number,
  clock: Clock,
  emit: (event: BenchProgress) => void,
  options: Pick<RunBenchmarkOptions, 'signal' | 'refusalJudge' | 'reasonJudge' | 'progressIntervalMs'>,
): Promise<SessionOutcome> {
  const internal = new AbortController();
  // Every request in flight listens to this signal.
  setMaxListeners(0, internal.signal);
  const onAbort = (): void => internal.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) internal.abort();
  const counters: DispatchCounters = {
    sessionCompleted: 0,
    bails: 0,
    invalid: 0,
    errors: 0,
    judgeFailures: 0,
  };
  const previousErrors = countErrors(journal, prepared);
  let fatal: unknown | null = null;
  const snapshot = (): ProgressCounts => ({
    planned: prepared.plan.size,
    completed: journal.completed,
    sessionCompleted: counters.sessionCompleted,
    elapsedMs: clock.now() - startedAt,
    bails: counters.bails,
    invalid: counters.invalid,
    errors: previousErrors + counters.errors,
    usage: models.tested.map((model) => model.accounting.snapshot()),
    concurrency: [...new Set(models.tested.map((model) => model.gate))].map((gate) => ({
      provider: gate.name,
      limit: gate.limit,
      max: gate.maxConcurrency,
      active: gate.active,
    })),
  });
  let lastManifest = clock.now();
  // Written one after another, and all done before the session returns: a late write must never
  // land on top of the run's final run.json.
  let manifestWrites: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    emit({ type: 'progress', ...snapshot() });
    if (clock.now() - lastManifest >= manifestEveryMs) {
      lastManifest = clock.now();
      manifest.completed = journal.completed;
      manifest.updatedAt = new Date(lastManifest).toISOString();
      const text = { ...manifest };
      manifestWrites = manifestWrites.then(() => writeRunManifest(dir, text)).catch(() => {});
    }
  }, options.progressIntervalMs ?? 250);
  try {
    await dispatchSamples({
      prepared,
      models,
      journal,
      signal: internal.signal,
      counters,
      ...(options.refusalJudge ? { refusalJudge: options.refusalJudge } : {}),
      ...(options.reasonJudge ? { reasonJudge: options.reasonJudge } : {}),
      onFatal: (error) => {
        if (fatal === null) fatal = error;
        internal.abort();
      },
    });
    await journal.flush();
  } finally {
    clearInterval(timer);
    options.signal?.removeEventListener('abort', onAbort);
    await manifestWrites;
  }
  emit({ type: 'progress', ...snapshot() });
  const warnings: string[] = [];
  if (counters.judgeFailures > 0) {
    warnings.push(`The refusal judge failed on ${counters.judgeFailures} samples; they are left unjudged.`);
  }
  return { fatal, warnings };
}

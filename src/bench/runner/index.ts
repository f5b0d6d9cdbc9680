// The runner's public surface: running, resuming and estimating a benchmark, and what a new
// experiment mode needs to plug in. Scheduling, caching and journal internals stay inside.
export { BenchError, type BenchErrorCode } from './bench-error.js';
export type { BenchMode, SampleContext, SampleJob, SampleOutcomeFields } from './bench-mode.js';
export type { BenchProgress, ProgressCounts } from './bench-progress.js';
export type { CachedModel } from './cached-model.js';
export { defaultModelSpec } from './default-model.js';
export { type BenchEstimate, estimateBenchmark, type ModelEstimate } from './estimate-benchmark.js';
export type { RunFiles } from './finalize-run.js';
export type { PlanDimensions, PromptUnit, SampleKey } from './plan.js';
export { benchMode, registerBenchMode } from './prepare-run.js';
export {
  type BenchRunResult,
  type RunBenchmarkOptions,
  resumeBenchmark,
  runBenchmark,
} from './run-benchmark.js';
export { journalFileName, type RunManifest, readRunManifest, runManifestFileName } from './run-manifest.js';
export { singleMode } from './single-mode.js';

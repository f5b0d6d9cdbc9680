import type { BailMethod } from '../../core/bail/bail-method.js';
import type { BailWording } from '../../core/bail/bail-wording.js';
import type { BenchConfig } from '../config/bench-config.js';
import type { Dataset, DatasetKind } from '../datasets/dataset-item.js';
import type { DialogueResults } from '../dialogue/dialogue-results.js';
import type { ExperimentResults } from '../results/experiment-results.js';
import type { SampleRecord } from '../results/sample-record.js';
import type { CachedModel } from './cached-model.js';
import type { PlanDimensions, PromptUnit } from './plan.js';
import type { RequestEstimate } from './single-mode-estimate.js';

/**
 * An experiment mode: how a dataset becomes prompt units, and how one sample of one unit is
 * taken. The runner owns everything else (plan, scheduling, cache, journal, resume, errors,
 * accounting, results), so a mode is a small object:
 *
 * - `single` (the study's protocol): one unit per dataset prompt.
 * - a continuation mode makes one unit per user turn of a log; with self-generated history its
 *   sample regenerates the earlier assistant turns through `context.model`, whose cache shares
 *   them between the turns of one conversation (same requests, same sample scope).
 * - a cross-model mode asks `context.models.get(otherSpec)` for the answer, then the model under
 *   test for the check.
 * - a prefix mode prepends a scripted exchange to each unit's messages in `units`.
 *
 * A mode that needs other models (an answer source, a judge) lists their specs in
 * `auxiliaryModels`; they are created, gated, cached and counted like the models under test.
 */
export interface BenchMode {
  readonly name: string;
  /** The dataset kinds the mode runs on. Default: prompts and conversations (not personas). */
  readonly datasetKinds?: readonly DatasetKind[];
  /** Checks the dataset fits the mode and turns it into units, in a stable order. */
  units(dataset: Dataset, config: BenchConfig): PromptUnit[];
  /** Requests and tokens one model's share of the plan needs when nothing is cached (dry runs). */
  estimate(
    dims: Pick<PlanDimensions, 'units' | 'samples' | 'variants' | 'methods' | 'skippedPairs'>,
    config: BenchConfig,
    wordings: readonly BailWording[],
    persona: string,
  ): RequestEstimate;
  /** Model specs besides those under test that `runSample` uses. */
  auxiliaryModels?(config: BenchConfig): string[];
  /**
   * Takes one sample. Throws when a request finally fails (the runner records an error sample,
   * keeping what `context.model.answers` holds) or when the run is cancelled.
   */
  runSample(job: SampleJob, context: SampleContext): Promise<SampleOutcomeFields>;
  /**
   * Files the mode adds to a finished run's directory, from its samples (after results.json);
   * returns their paths.
   */
  writeFiles?(dir: string, samples: AsyncIterable<SampleRecord>, config: BenchConfig): Promise<string[]>;
  /** Experiment modes: the `experiment` section of results.json, from the finished samples. */
  summarize?(
    samples: AsyncIterable<SampleRecord>,
    config: BenchConfig,
  ): Promise<ExperimentResults | DialogueResults | null>;
}

export interface SampleJob {
  /** Plan index. */
  index: number;
  /** Spec of the model under test. */
  modelSpec: string;
  unit: PromptUnit;
  sampleIndex: number;
  variant: string;
  method: BailMethod;
  /** Seed of this sample's requests (differs between sample indexes). */
  seed: number;
}

export interface SampleContext {
  /** The model under test, scoped to this sample (cached, gated, counted). */
  model: CachedModel;
  /** Other models of the run (auxiliary ones included), scoped to this sample, by spec. */
  models: ReadonlyMap<string, CachedModel>;
  config: BenchConfig;
  /** Custom wordings (from `config.wordings`); built-ins are always available. */
  wordings: readonly BailWording[];
  /** The name the wordings address the model by. */
  persona: string;
  signal: AbortSignal;
}

/** What a mode decides about a sample; the runner adds the key fields, usage and `simulated`. */
export type SampleOutcomeFields = Pick<
  SampleRecord,
  'answer' | 'decision' | 'bailProbability' | 'refusalScore'
> &
  Partial<Pick<SampleRecord, 'check' | 'error'>> & {
    /** Mode-specific fields added to the sample record (e.g. `turn`, `prefix`). */
    extra?: Record<string, unknown>;
  };

import type { BailMethod } from '../../core/bail/bail-method.js';
import { bailMethods } from '../../core/bail/bail-method.js';
import type { DatasetFormat } from '../datasets/dataset-item.js';
import { type ExperimentConfig, experimentOf } from '../modes/experiment-settings.js';
import { type ReasonConfig, reasonsOf } from '../reasons/reason-settings.js';
import { type ProtocolConfig, protocolOf } from './protocol-settings.js';

/**
 * What a benchmark run is: the plan (models × methods × variants × prompts × samples, with the
 * generation settings) and how it is executed (output folder, cache, concurrency, timeouts).
 * The CLI and config files both produce a `BenchConfig`; `runBenchmark` takes one.
 */

/** Experiment modes. `single` is the study's protocol; others plug in through `BenchMode`. */
export type BenchModeName = 'single' | (string & {});

export interface ModelEntry {
  /** Model spec, e.g. `openai:gpt-4o-mini`, `simulated:default`. */
  spec: string;
  /** An OpenAI-compatible server, Anthropic proxy or Ollama address. Never holds a key. */
  baseUrl?: string;
  /** Requests in flight at once for this model's provider (overrides the run's `concurrency`). */
  concurrency?: number;
  /**
   * OpenAI-compatible servers that continue a final assistant message (vLLM, `bailkit
   * serve-sim`): lets exact probability mode prefill `<wellbeing>`.
   */
  continueFinalMessage?: boolean;
}

/**
 * The experiment modes' settings and refusal judging are in `ExperimentConfig`; detection and
 * answer sharing in `ProtocolConfig`; asking and judging why models leave in `ReasonConfig`.
 */
export interface BenchConfig extends ExperimentConfig, ProtocolConfig, ReasonConfig {
  mode: BenchModeName;
  /** Models under test; empty means the embedded default model. */
  models: ModelEntry[];
  /** A built-in dataset name or a path. */
  dataset: string;
  datasetFormat?: DatasetFormat;
  methods: BailMethod[];
  /** Wording variant ids (built-in or from `wordings`). */
  variants: string[];
  /** A JSON or YAML file of the user's own wordings. */
  wordings?: string;
  /** Samples per prompt, method and variant. */
  samples: number;
  temperature: number;
  maxTokens: number;
  /** Token limit of the well-being check answer; `maxTokens` when absent. */
  checkMaxTokens?: number;
  /** Only the first K prompts of the dataset. */
  limit?: number;
  /** Seeds the requests (each sample gets its own seed) and the statistics. */
  seed: number;
  /** Exact probability mode for the prompt methods, where the model allows it. */
  exact: boolean;

  // Execution: none of these changes what the results are.
  /** Output folder. */
  out: string;
  /** Requests in flight per provider; default depends on the provider (see `defaultConcurrency`). */
  concurrency?: number;
  /** Per attempt, in milliseconds. */
  timeoutMs: number;
  /** Retries of a failed request (429, 5xx, time-out, network) after the first attempt. */
  retries: number;
  /** Response cache file, or `false` for none. Default: the user's cache folder. */
  cache?: string | false;
  /** A price table (JSON or YAML) that overrides and extends the built-in prices. */
  prices?: string;
}

/** The study's protocol. */
export const benchDefaults = {
  mode: 'single',
  methods: [...bailMethods] as BailMethod[],
  variants: ['default'],
  samples: 10,
  temperature: 1,
  maxTokens: 2000,
  seed: 0,
  exact: false,
  timeoutMs: 600_000,
  retries: 4,
} as const;

/** Requests in flight per provider when `concurrency` is not given. */
export const defaultConcurrency: Record<string, number> = {
  openai: 16,
  anthropic: 8,
  ollama: 4,
  // One model in process memory generates one answer at a time.
  local: 1,
  simulated: 64,
};

/** A config with the protocol defaults filled in. */
export function withDefaults(
  partial: Partial<BenchConfig> & Pick<BenchConfig, 'dataset' | 'out'>,
): BenchConfig {
  return {
    mode: partial.mode ?? benchDefaults.mode,
    models: partial.models ?? [],
    dataset: partial.dataset,
    ...(partial.datasetFormat !== undefined ? { datasetFormat: partial.datasetFormat } : {}),
    // A dialogue's assistant holds the chat's end_conversation tool (`tool`); other methods given
    // are checked after each of its turns.
    methods:
      partial.mode === 'dialogue'
        ? ['tool', ...(partial.methods ?? []).filter((method) => method !== 'tool')]
        : (partial.methods ?? [...benchDefaults.methods]),
    variants: partial.variants ?? [...benchDefaults.variants],
    ...(partial.wordings !== undefined ? { wordings: partial.wordings } : {}),
    samples: partial.samples ?? benchDefaults.samples,
    temperature: partial.temperature ?? benchDefaults.temperature,
    maxTokens: partial.maxTokens ?? benchDefaults.maxTokens,
    ...(partial.checkMaxTokens !== undefined ? { checkMaxTokens: partial.checkMaxTokens } : {}),
    ...(partial.limit !== undefined ? { limit: partial.limit } : {}),
    seed: partial.seed ?? benchDefaults.seed,
    exact: partial.exact ?? benchDefaults.exact,
    out: partial.out,
    ...(partial.concurrency !== undefined ? { concurrency: partial.concurrency } : {}),
    timeoutMs: partial.timeoutMs ?? benchDefaults.timeoutMs,
    retries: partial.retries ?? benchDefaults.retries,
    ...(partial.cache !== undefined ? { cache: partial.cache } : {}),
    ...(partial.prices !== undefined ? { prices: partial.prices } : {}),
    ...experimentOf(partial),
    ...protocolOf(partial),
    ...reasonsOf(partial),
  };
}

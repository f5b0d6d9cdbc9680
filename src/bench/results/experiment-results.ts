import { z } from 'zod';

/**
 * The `experiment` section of results.json, written by the experiment modes (`continue`,
 * `cross-model`, `prefix`). Documented in docs/experiments.md. Rates are fractions; every
 * estimate has its 95% interval; `pairs` says over what the interval was drawn.
 */
export type IntervalName =
  | 'bootstrap-bca'
  | 'bootstrap-percentile'
  | 'wilson-effective-n'
  | 'newcombe-effective-n';

export interface ExperimentSeries {
  model: string;
  method: string;
  variant: string;
  condition: string;
}

/** A condition against the reference condition, on the same prompts (or conversations). */
export interface ExperimentComparison extends ExperimentSeries {
  reference: string;
  /** What was paired: dataset prompts, or whole conversations (`continue`). */
  pairedOver: 'prompts' | 'conversations';
  pairs: number;
  rate: number;
  referenceRate: number;
  /** rate − referenceRate. */
  difference: number;
  ci95: [number, number];
  interval: IntervalName;
  /** rate / referenceRate; null when the reference rate is 0. */
  ratio: number | null;
}

/** `continue`: the bail rate at one user turn, over the conversations that reach it. */
export interface TurnRate extends ExperimentSeries {
  turn: number;
  conversations: number;
  samples: number;
  bails: number;
  /** Samples not asked (context too long, history unavailable). */
  skipped: number;
  /** Samples whose request failed. */
  errors: number;
  rate: number | null;
  ci95: [number, number] | null;
}

/** `continue`: the share of conversations (per sample) in which the model bailed at least once. */
export interface ConversationShare extends ExperimentSeries {
  conversations: number;
  /** Sample chains (conversation × sample index) with at least one valid turn. */
  chains: number;
  /** Σ over chains of P(at least one bail): a count of chains with a bail, or exact probabilities. */
  withBail: number;
  share: number | null;
  ci95: [number, number] | null;
}

/** A bail rate over all turns, clustered by conversation. */
export interface ConversationRate extends ExperimentSeries {
  conversations: number;
  samples: number;
  rate: number | null;
  ci95: [number, number] | null;
  /** Only turns after the first (where an earlier assistant turn exists). */
  laterTurnsOnly: boolean;
}

export interface SkippedCount {
  model: string;
  condition: string;
  code: string;
  samples: number;
  /** Contexts over `--max-context-tokens`: measured with the model's tokenizer, or estimated. */
  tokenCount?: 'tokenizer' | 'estimate';
}

export interface ExperimentResults {
  mode: 'continue' | 'cross-model' | 'prefix';
  /** The baseline condition every other is compared with. */
  reference: string;
  conditions: string[];
  comparisons: ExperimentComparison[];
  skipped: SkippedCount[];
  /** `continue` only. */
  turns?: TurnRate[] | undefined;
  conversations?: ConversationShare[] | undefined;
  conversationRates?: ConversationRate[] | undefined;
}

const interval = z.tuple([z.number(), z.number()]);
const series = {
  model: z.string().min(1),
  method: z.string().min(1),
  variant: z.string().min(1),
  condition: z.string().min(1),
};

export const experimentResultsSchema = z.looseObject({
  mode: z.enum(['continue', 'cross-model', 'prefix']),
  reference: z.string().min(1),
  conditions: z.array(z.string().min(1)),
  comparisons: z.array(
    z.looseObject({
      ...series,
      reference: z.string().min(1),
      pairedOver: z.enum(['prompts', 'conversations']),
      pairs: z.number().int().nonnegative(),
      rate: z.number().min(0).max(1),
      referenceRate: z.number().min(0).max(1),
      difference: z.number().min(-1).max(1),
      ci95: interval,
      interval: z.enum([
        'bootstrap-bca',
        'bootstrap-percentile',
        'wilson-effective-n',
        'newcombe-effective-n',
      ]),
      ratio: z.number().nonnegative().nullable(),
    }),
  ),
  skipped: z.array(
    z.looseObject({
      model: z.string(),
      condition: z.string(),
      code: z.string(),
      samples: z.number().int().nonnegative(),
      tokenCount: z.enum(['tokenizer', 'estimate']).optional(),
    }),
  ),
  turns: z
    .array(
      z.looseObject({
        ...series,
        turn: z.number().int().positive(),
        rate: z.number().min(0).max(1).nullable(),
        ci95: interval.nullable(),
      }),
    )
    .optional(),
  conversations: z
    .array(
      z.looseObject({ ...series, share: z.number().min(0).max(1).nullable(), ci95: interval.nullable() }),
    )
    .optional(),
  conversationRates: z
    .array(z.looseObject({ ...series, rate: z.number().min(0).max(1).nullable(), ci95: interval.nullable() }))
    .optional(),
});

/**
 * The experiment section of the comparison modes (`continue`, `cross-model`, `prefix`), or
 * undefined when the run has none or is a dialogue run (whose section is `DialogueResults`).
 */
export function comparisonExperiment(
  results: { experiment?: { mode: string } | undefined } | null | undefined,
): ExperimentResults | undefined {
  const experiment = results?.experiment;
  return experiment && experiment.mode !== 'dialogue' ? (experiment as ExperimentResults) : undefined;
}

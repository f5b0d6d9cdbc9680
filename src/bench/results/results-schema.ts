import { z } from 'zod';
import { type DialogueResults, dialogueResultsSchema } from '../dialogue/dialogue-results.js';
import type {
  ComparisonRow,
  CorrelationRow,
  RateRow,
  StatisticsSettings,
} from '../statistics/summary-types.js';
import { type ExperimentResults, experimentResultsSchema } from './experiment-results.js';
import { type ReasonResults, reasonResultsSchema } from './reason-results.js';

/** The schema identifier of results.json; a breaking change to the contract bumps the number. */
export const resultsSchemaId = 'bailkit.bench/1';

/** DIR/results.json. Documented field by field in docs/results.md. */
export interface BenchResults {
  schema: typeof resultsSchemaId;
  /** ISO 8601 time the results were written. */
  createdAt: string;
  /** The model spec, or the list of specs when several models ran. */
  model: string | string[];
  dataset: { name: string; prompts: number };
  samplesPerPrompt: number;
  methods: string[];
  variants?: string[];
  /** Present (and true) when any sample came from a simulated model. */
  simulated?: true;
  /** The refusal judge used, when refusals were judged. */
  refusalJudge?: string;
  statistics?: StatisticsSettings;
  rows: RateRow[];
  overall: RateRow[];
  comparisons?: ComparisonRow[];
  correlations?: CorrelationRow[];
  /**
   * Experiment modes (`continue`, `cross-model`, `prefix`): conditions compared; `dialogue`:
   * conversations with simulated users. See docs/experiments.md.
   */
  experiment?: ExperimentResults | DialogueResults | undefined;
  /** How the protocol was read and asked. Absent in older results: bailkit detection, shared answers. */
  protocol?: ResultsProtocol;
  /** Why the models left, when reasons were asked for or judged: see docs/results.md. */
  reasons?: ReasonResults | undefined;
}

export interface ResultsProtocol {
  /** Whose parsing rules read the answers: `bailkit` or `study`. */
  detection: string;
  /** The prompt methods' answer: `shared` by every variant or asked `per-variant`. */
  answers: string;
  /** Variant × method pairs not asked, because the variant has no text for the method. */
  skippedPairs: { variant: string; method: string; reason: string }[];
}

const interval = z
  .tuple([z.number().min(-1).max(1), z.number().min(-1).max(1)])
  .refine(([low, high]) => low <= high, 'expected [low, high] with low ≤ high');
const fraction = z.number().min(0).max(1);
const count = z.number().int().nonnegative();
const intervalMethod = z.enum([
  'bootstrap-bca',
  'bootstrap-percentile',
  'wilson-effective-n',
  'newcombe-effective-n',
]);
const seriesKey = {
  model: z.string().min(1),
  method: z.string().min(1),
  variant: z.string().min(1),
  condition: z.string().min(1).optional(),
};

const rateRow = z
  .looseObject({
    ...seriesKey,
    category: z.string().min(1),
    prompts: count,
    samples: count,
    bails: count,
    invalid: count,
    errors: count,
    exactSamples: count,
    rate: fraction.nullable(),
    ci95: interval.nullable(),
    interval: intervalMethod.nullable(),
    judgedSamples: count.optional(),
    refusalRate: fraction.nullable().optional(),
    refusalCi95: interval.nullable().optional(),
    noRefuseBailRate: fraction.nullable().optional(),
    noRefuseBailCi95: interval.nullable().optional(),
    studyNoRefuseBailRate: fraction.nullable().optional(),
    studyNoRefuseBailCi95: interval.nullable().optional(),
    answeredRate: fraction.nullable().optional(),
    answeredCi95: interval.nullable().optional(),
    invalidShare: fraction.nullable().optional(),
  })
  .superRefine((row, context) => {
    if (row.bails + row.invalid + row.errors > row.samples) {
      context.addIssue({
        code: 'custom',
        path: ['samples'],
        message: 'bails + invalid + errors exceed samples',
      });
    }
    if ((row.rate === null) !== (row.ci95 === null)) {
      context.addIssue({
        code: 'custom',
        path: ['ci95'],
        message: 'ci95 must be null exactly when rate is null',
      });
    }
    if (row.rate !== null && row.ci95 && (row.rate < row.ci95[0] - 1e-9 || row.rate > row.ci95[1] + 1e-9)) {
      context.addIssue({
        code: 'custom',
        path: ['ci95'],
        message: `the interval does not hold the rate ${row.rate}`,
      });
    }
  });

const comparisonRow = z.looseObject({
  a: z.looseObject(seriesKey),
  b: z.looseObject(seriesKey),
  category: z.string().min(1),
  prompts: count,
  rateA: fraction,
  rateB: fraction,
  difference: z.number().min(-1).max(1),
  ci95: interval,
  interval: intervalMethod,
});

const correlationEstimate = z
  .looseObject({ estimate: z.number().min(-1).max(1), ci95: interval.nullable() })
  .nullable();

const correlationRow = z.looseObject({
  ...seriesKey,
  category: z.string().min(1),
  between: z.literal('refusal-rate:bail-rate'),
  prompts: count,
  pearson: correlationEstimate,
  spearman: correlationEstimate,
  distance: correlationEstimate.optional(),
});

const statisticsSettings = z.looseObject({
  confidence: z.number().gt(0).lt(1),
  replicates: z.number().int().positive(),
  seed: z.number(),
  refusalThreshold: fraction,
  minEvents: z.number().nonnegative(),
  interval: z.string(),
});

export const resultsSchema = z.looseObject({
  schema: z.literal(resultsSchemaId, {
    error: (issue) =>
      `expected "${resultsSchemaId}", got ${JSON.stringify(issue.input)} (a results file from another bailkit version or another tool)`,
  }),
  createdAt: z.iso.datetime({ offset: true }),
  model: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  dataset: z.looseObject({ name: z.string().min(1), prompts: count }),
  samplesPerPrompt: z.number().int().positive(),
  methods: z.array(z.string().min(1)),
  variants: z.array(z.string().min(1)).optional(),
  simulated: z.literal(true).optional(),
  refusalJudge: z.string().optional(),
  statistics: statisticsSettings.optional(),
  rows: z.array(rateRow),
  overall: z.array(
    rateRow.refine((row) => row.category === 'ALL', {
      message: 'overall rows have category "ALL"',
      path: ['category'],
    }),
  ),
  comparisons: z.array(comparisonRow).optional(),
  correlations: z.array(correlationRow).optional(),
  experiment: z.union([experimentResultsSchema, dialogueResultsSchema]).optional(),
  protocol: z
    .looseObject({
      detection: z.string().min(1),
      answers: z.string().min(1),
      skippedPairs: z.array(
        z.looseObject({ variant: z.string().min(1), method: z.string().min(1), reason: z.string() }),
      ),
    })
    .optional(),
  reasons: reasonResultsSchema.optional(),
});

import { z } from 'zod';

/**
 * The `reasons` section of results.json: why the models left, per series (model × method ×
 * variant × condition) and dataset category, when a run asked (`--ask-why`) or judged
 * (`--reason-judge`) reasons. Documented in docs/results.md. Shares are among bails; every
 * share has its 95% interval clustered by prompt.
 */
export type ReasonIntervalName = 'bootstrap-bca' | 'bootstrap-percentile' | 'wilson-effective-n';

export interface ReasonSeries {
  model: string;
  method: string;
  variant: string;
  condition?: string;
}

/** A count among a row's bails (or judged bails) with its share and interval. */
export interface ReasonShareEstimate {
  count: number;
  share: number;
  ci95: [number, number];
  interval: ReasonIntervalName;
}

/** An explanation a model gave, shown for its judged reason. */
export interface ReasonExample {
  promptId: string;
  sampleIndex: number;
  /** `why`: the answer to the follow-up question; else where the model volunteered it. */
  source: 'why' | 'tool-arguments' | 'answer' | 'check';
  text: string;
  subReason: string | null;
  confidence: number;
}

export interface ReasonShare extends ReasonShareEstimate {
  /** A category id of the taxonomy. */
  reason: string;
  subReasons: { subReason: string; count: number }[];
  /** Overall rows only: a few explanations labelled with this reason (most confident first, one per prompt). */
  examples?: ReasonExample[];
}

export interface ReasonRow extends ReasonSeries {
  /** The dataset category, or `ALL`. */
  category: string;
  /** Prompts with at least one bail. */
  prompts: number;
  bails: number;
  /** Bails with an answer to the follow-up question, and those whose question failed. */
  asked: number;
  askFailed: number;
  /** Bails that gave a reason by themselves. */
  volunteered: number;
  /** Bails with a label; with a malformed judge answer; with a failed judge request. */
  judged: number;
  malformed: number;
  failed: number;
  /** Bails in which the model gave no reason (no words, or the judge found none), among all bails. */
  noStatedReason: ReasonShareEstimate | null;
  /** Every category of the taxonomy, share among judged bails; empty when nothing was judged. */
  reasons: ReasonShare[];
}

/** Judged reason against the reason the taxonomy expects of the prompt's dataset category. */
export interface ReasonAgreement extends ReasonSeries {
  /** Prompts with a judged bail whose dataset category the taxonomy maps to a reason. */
  prompts: number;
  /** Judged bails whose dataset category is mapped. */
  judged: number;
  /** Of those, bails whose judged reason is the expected one. */
  agree: number;
  share: number | null;
  ci95: [number, number] | null;
  interval: ReasonIntervalName | null;
  /** One row per dataset category with judged bails: counts of each judged reason. */
  table: {
    datasetCategory: string;
    expected: string | null;
    judged: number;
    counts: Record<string, number>;
  }[];
}

export interface ReasonResults {
  taxonomy: { id: string; categories: { id: string; label: string; subReasons: string[] }[] };
  /** The reason judge, `null` when bails were not judged. */
  judge: string | null;
  /** The follow-up question's wording id when `--ask-why` was on, else `null`. */
  askWhy: string | null;
  rows: ReasonRow[];
  overall: ReasonRow[];
  agreement: ReasonAgreement[];
}

const count = z.number().int().nonnegative();
const fraction = z.number().min(0).max(1);
const interval = z
  .tuple([fraction, fraction])
  .refine(([low, high]) => low <= high, 'expected [low, high] with low ≤ high');
const intervalName = z.enum(['bootstrap-bca', 'bootstrap-percentile', 'wilson-effective-n']);
const series = {
  model: z.string().min(1),
  method: z.string().min(1),
  variant: z.string().min(1),
  condition: z.string().min(1).optional(),
};
const estimate = {
  count,
  share: fraction,
  ci95: interval,
  interval: intervalName,
};
const holdsShare = (value: { share: number; ci95: [number, number] }) =>
  value.share >= value.ci95[0] - 1e-9 && value.share <= value.ci95[1] + 1e-9;

const shareEstimate = z
  .looseObject(estimate)
  .refine(holdsShare, { message: 'the interval does not hold the share', path: ['ci95'] });

const reasonRow = z
  .looseObject({
    ...series,
    category: z.string().min(1),
    prompts: count,
    bails: count,
    asked: count,
    askFailed: count,
    volunteered: count,
    judged: count,
    malformed: count,
    failed: count,
    noStatedReason: shareEstimate.nullable(),
    reasons: z.array(
      z
        .looseObject({
          ...estimate,
          reason: z.string().min(1),
          subReasons: z.array(z.looseObject({ subReason: z.string().min(1), count })),
          examples: z
            .array(
              z.looseObject({
                promptId: z.string().min(1),
                sampleIndex: count,
                source: z.enum(['why', 'tool-arguments', 'answer', 'check']),
                text: z.string(),
                subReason: z.string().nullable(),
                confidence: fraction,
              }),
            )
            .optional(),
        })
        .refine(holdsShare, { message: 'the interval does not hold the share', path: ['ci95'] }),
    ),
  })
  .superRefine((row, context) => {
    if (row.judged + row.malformed + row.failed > row.bails) {
      context.addIssue({
        code: 'custom',
        path: ['judged'],
        message: 'judged + malformed + failed exceed bails',
      });
    }
    const labelled = row.reasons.reduce((sum, share) => sum + share.count, 0);
    if (row.reasons.length > 0 && labelled !== row.judged) {
      context.addIssue({
        code: 'custom',
        path: ['reasons'],
        message: `the reasons count ${labelled} bails, judged is ${row.judged}`,
      });
    }
  });

export const reasonResultsSchema = z.looseObject({
  taxonomy: z.looseObject({
    id: z.string().min(1),
    categories: z.array(
      z.looseObject({ id: z.string().min(1), label: z.string(), subReasons: z.array(z.string().min(1)) }),
    ),
  }),
  judge: z.string().min(1).nullable(),
  askWhy: z.string().min(1).nullable(),
  rows: z.array(reasonRow),
  overall: z.array(reasonRow),
  agreement: z.array(
    z.looseObject({
      ...series,
      prompts: count,
      judged: count,
      agree: count,
      share: fraction.nullable(),
      ci95: interval.nullable(),
      interval: intervalName.nullable(),
      table: z.array(
        z.looseObject({
          datasetCategory: z.string().min(1),
          expected: z.string().min(1).nullable(),
          judged: count,
          counts: z.record(z.string(), count),
        }),
      ),
    }),
  ),
});

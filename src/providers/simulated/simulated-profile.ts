import { z } from 'zod';
import { type BailMethod, bailMethods } from '../../core/bail/bail-method.js';
import { InvalidInputError } from '../../core/errors/invalid-input-error.js';

/**
 * A simulated model's ground truth: the probability of bailing and of refusing, per dataset
 * category, bail method and wording variant, with per-prompt variation around it. See
 * docs/bail-methods.md ("Simulated models") for the meaning of each field.
 */
const probability = z
  .number({ error: 'must be a number' })
  .min(0, 'must be between 0 and 1')
  .max(1, 'must be between 0 and 1');
const oddsRatio = z
  .number({ error: 'must be a number' })
  .min(0, 'must be an odds ratio ≥ 0')
  .refine(Number.isFinite, 'must be finite');

const methodOdds = z
  .object(
    Object.fromEntries(bailMethods.map((method) => [method, oddsRatio.optional()])) as Record<
      BailMethod,
      z.ZodOptional<typeof oddsRatio>
    >,
  )
  .strict();

/** Weights of reasons, keyed `category` or `category/subReason` (taxonomy ids); normalised when drawn. */
const reasonKey = /^[a-z][a-z0-9_]*(?:\/[a-z][a-z0-9_]*)?$/;
const reasonWeights = z
  .record(z.string(), z.number({ error: 'must be a weight ≥ 0' }).min(0, 'must be a weight ≥ 0'))
  .superRefine((weights, context) => {
    for (const key of Object.keys(weights)) {
      if (!reasonKey.test(key)) {
        context.addIssue({
          code: 'custom',
          path: [key],
          message: 'must be a reason key, "category" or "category/subReason" in lower-case ids',
        });
      }
    }
    if (!Object.values(weights).some((weight) => weight > 0)) {
      context.addIssue({ code: 'custom', message: 'must give some reason a weight > 0' });
    }
  });

export const simulatedProfileSchema = z
  .object({
    name: z.string().min(1).optional(),
    description: z.string().default(''),
    /** Seeds the per-prompt draws; change it to get another population of prompts. */
    seed: z.number().int('must be an integer').default(0),
    /** Standard deviation of each prompt's deviation from its cell rate, on the logit scale. */
    promptSpread: z.number().min(0, 'must be ≥ 0').max(10, 'must be ≤ 10').default(0.5),
    bail: z
      .object({
        default: probability,
        categories: z.record(z.string(), probability).default({}),
        /** Odds multipliers per bail method. */
        methods: methodOdds.default({}),
        /** Odds multipliers per wording variant id. */
        variants: z.record(z.string(), oddsRatio).default({}),
        /** Exact cell probabilities; the most specific matching entry wins (later ones on ties). */
        pinned: z
          .array(
            z
              .object({
                category: z.string().optional(),
                method: z.enum(bailMethods).optional(),
                variant: z.string().optional(),
                probability,
              })
              .strict(),
          )
          .default([]),
      })
      .strict(),
    refusal: z
      .object({ default: probability, categories: z.record(z.string(), probability).default({}) })
      .strict()
      .default({ default: 0, categories: {} }),
    /**
     * What the conversation before the prompt does to bailing (odds multipliers): assistant
     * turns before the prompt that another model wrote (any that is not a simulated answer),
     * a checked answer another model wrote (prompt methods), and cue words in the turns before
     * the prompt (a jailbreak-style exchange, say).
     */
    history: z
      .object({
        foreignAssistant: oddsRatio.default(1),
        foreignAnswer: oddsRatio.default(1),
        cues: z
          .array(
            z
              .object({
                words: z.array(z.string().min(1)).min(1, 'must list at least one word'),
                odds: oddsRatio,
              })
              .strict(),
          )
          .default([]),
      })
      .strict()
      .default({ foreignAssistant: 1, foreignAnswer: 1, cues: [] }),
    /**
     * Why the simulated model leaves: per dataset category (else `default`), the weights of the
     * reasons a bail is drawn with; the share of bails that state it by themselves (per
     * wording variant); the share of answers to the follow-up question that give no reason.
     */
    reasons: z
      .object({
        default: reasonWeights,
        categories: z.record(z.string(), reasonWeights).default({}),
        volunteered: z
          .object({
            default: probability.default(0),
            variants: z.record(z.string(), probability).default({}),
          })
          .strict()
          .default({ default: 0, variants: {} }),
        unexplained: probability.default(0),
      })
      .strict()
      .optional(),
    /**
     * How the model uses the end-conversation tool when it holds it (see simulated-chat.ts):
     * after how many redirects of a user who keeps on it asks to end; `null`: never on its own.
     */
    endings: z
      .object({ afterRedirects: z.number().int().min(0).nullable().default(2) })
      .strict()
      .default({ afterRedirects: 2 }),
    /** Share of well-being answers that give neither emoji (the answer is then invalid). */
    invalidCheckRate: probability.default(0),
    /** Words that put a prompt in a category when the request carries no category hint. */
    categoryKeywords: z.record(z.string(), z.array(z.string().min(1))).default({}),
  })
  .strict();

export type SimulatedProfileInput = z.input<typeof simulatedProfileSchema>;
export type SimulatedProfile = z.output<typeof simulatedProfileSchema> & { name: string };

/** Category names compared loosely: "Gross Out", "gross-out" and "gross_out" are one category. */
export function normalizeCategory(category: string): string {
  return category
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Validates a profile. `source` (a file name or `built-in profile "x"`) and the field path go
 * into the error, with the offending value: `cautious.json: bail.categories.Horror: must be
 * between 0 and 1 (got 1.5)`.
 */
export function parseSimulatedProfile(data: unknown, source: string, fallbackName: string): SimulatedProfile {
  const parsed = simulatedProfileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path ?? [];
    const field = path
      .map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`))
      .join('')
      .slice(1);
    const value = valueAt(data, path);
    const got = value === undefined || typeof value === 'object' ? '' : ` (got ${JSON.stringify(value)})`;
    throw new InvalidInputError(
      'INVALID_CONFIG',
      `${source}: ${field ? `${field}: ` : ''}${issue?.message ?? 'invalid profile'}${got}`,
      { source, field },
    );
  }
  return { ...parsed.data, name: parsed.data.name ?? fallbackName };
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

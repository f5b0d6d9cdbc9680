import { z } from 'zod';
import type { VolunteeredReason } from '../../core/reasons/volunteered-reason.js';

/**
 * The fields a bail sample carries in samples.jsonl when reasons are asked for or judged
 * (docs/results.md). Only `bail` samples have them.
 */
export interface SampleReasonFields {
  /** What the model said about its reason by itself (possibly none). */
  volunteeredReasons?: VolunteeredReason[];
  /** `--ask-why`: its answer to the follow-up question, reasoning apart. */
  whyAnswer?: { text: string; reasoning: string | null };
  /** `--ask-why`: the follow-up request failed (after retries); the bail itself still counts. */
  whyError?: { code: string; message: string };
  /** `--reason-judge`: the label, or why there is none. */
  reason?: SampleReason;
}

/** A judge's label of one bail, or why it gave none (never a label made of bad output). */
export type SampleReason =
  | {
      status: 'judged';
      category: string;
      subReason: string | null;
      confidence: number;
      /** The judge found the reason in the model's own words (false: inferred from the conversation). */
      stated: boolean;
      rationale: string;
      judge: string;
    }
  /** Every attempt answered something that is not a label of the taxonomy. */
  | { status: 'malformed'; error: string; judge: string }
  /** The judge's request failed. */
  | { status: 'failed'; error: string; judge: string };

const recordedText = z.object({ text: z.string(), reasoning: z.string().nullable() });

export const sampleReasonSchema = z.discriminatedUnion('status', [
  z.looseObject({
    status: z.literal('judged'),
    category: z.string().min(1),
    subReason: z.string().min(1).nullable(),
    confidence: z.number().min(0).max(1),
    stated: z.boolean(),
    rationale: z.string(),
    judge: z.string().min(1),
  }),
  z.looseObject({ status: z.literal('malformed'), error: z.string(), judge: z.string().min(1) }),
  z.looseObject({ status: z.literal('failed'), error: z.string(), judge: z.string().min(1) }),
]);

/** Spread into the sample record's schema. */
export const reasonSampleShape = {
  volunteeredReasons: z
    .array(z.looseObject({ source: z.enum(['tool-arguments', 'answer', 'check']), text: z.string() }))
    .optional(),
  whyAnswer: recordedText.optional(),
  whyError: z.object({ code: z.string().min(1), message: z.string() }).optional(),
  reason: sampleReasonSchema.optional(),
};

/** True when the model gave any words about why it left (by itself or when asked). */
export function hasStatedWords(sample: SampleReasonFields): boolean {
  return (
    (sample.volunteeredReasons?.length ?? 0) > 0 ||
    (sample.whyAnswer !== undefined && sample.whyAnswer.text.trim() !== '')
  );
}

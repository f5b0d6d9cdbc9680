import { z } from 'zod';
import { reasonSampleShape, type SampleReasonFields } from '../reasons/reason-sample-fields.js';
import type { Decision } from '../statistics/sample-outcome.js';
import { decisions } from '../statistics/sample-outcome.js';

/** An answer as recorded: the visible text and, apart, the reasoning text (null if none). */
export interface RecordedText {
  text: string;
  reasoning: string | null;
}

/**
 * One line of samples.jsonl: one sample of one prompt under one bail method and wording variant.
 * The contract is documented in docs/results.md; fields may be added, never changed.
 */
export interface SampleRecord extends SampleReasonFields {
  promptId: string;
  category: string;
  subcategory?: string;
  method: string;
  variant: string;
  /** 0-based index of the sample among the prompt's samples for this method and variant. */
  sampleIndex: number;
  /** Model spec, e.g. `openai:gpt-4o-mini`. */
  model: string;
  /** The model's answer to the prompt. */
  answer: RecordedText;
  /** Prompt methods: the answer to the well-being check that followed. */
  check?: RecordedText;
  decision: Decision;
  /** Exact probability mode: P(bail) read from the decision token's distribution. */
  bailProbability: number | null;
  /** The refusal judge's score for the answer, in [0, 1]; null when not judged. */
  refusalScore: number | null;
  /** Only for `decision: "error"`: why the request finally failed. */
  error?: { code: string; message: string };
  usage?: { inputTokens: number; outputTokens: number };
  /** True when a simulated model produced the sample. */
  simulated: boolean;
  /** Experiment modes: the condition the prompt was asked under (see docs/experiments.md). */
  condition?: string;
}

const recordedText = z.object({ text: z.string(), reasoning: z.string().nullable() });
const probability = z.number().min(0).max(1);

export const sampleRecordSchema = z
  .looseObject({
    promptId: z.string().min(1),
    category: z.string().min(1),
    subcategory: z.string().optional(),
    method: z.string().min(1),
    variant: z.string().min(1),
    sampleIndex: z.number().int().nonnegative(),
    model: z.string().min(1),
    answer: recordedText,
    check: recordedText.optional(),
    decision: z.enum(decisions),
    bailProbability: probability.nullable(),
    refusalScore: probability.nullable(),
    error: z.object({ code: z.string().min(1), message: z.string() }).optional(),
    usage: z
      .object({ inputTokens: z.number().int().nonnegative(), outputTokens: z.number().int().nonnegative() })
      .optional(),
    simulated: z.boolean(),
    condition: z.string().min(1).optional(),
    ...reasonSampleShape,
  })
  .superRefine((sample, context) => {
    if (sample.decision === 'error' && !sample.error) {
      context.addIssue({
        code: 'custom',
        path: ['error'],
        message: 'a sample with decision "error" needs error {code, message}',
      });
    }
    if (sample.decision !== 'error' && sample.error) {
      context.addIssue({
        code: 'custom',
        path: ['error'],
        message: `only decision "error" may carry an error (decision is "${sample.decision}")`,
      });
    }
    if (sample.decision === 'error' && sample.bailProbability !== null) {
      context.addIssue({
        code: 'custom',
        path: ['bailProbability'],
        message: 'a failed request has no bail probability',
      });
    }
  });

/** Optional prompts.jsonl line: the prompt a sample answered, for the report's transcripts. */
export interface PromptRecord {
  promptId: string;
  category: string;
  subcategory?: string;
  messages: { role: 'system' | 'user' | 'assistant' | 'tool'; content: string }[];
}

export const promptRecordSchema = z.looseObject({
  promptId: z.string().min(1),
  category: z.string().min(1),
  subcategory: z.string().optional(),
  messages: z
    .array(z.looseObject({ role: z.enum(['system', 'user', 'assistant', 'tool']), content: z.string() }))
    .min(1),
});

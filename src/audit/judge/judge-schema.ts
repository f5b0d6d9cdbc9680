import { z } from 'zod';
import { readJsonObject } from '../../core/json-answer.js';
import { parseReasonLabel, type ReasonLabel } from '../../core/reasons/reason-label.js';
import { builtInTaxonomy, type ReasonTaxonomy } from '../../core/reasons/reason-taxonomy.js';
import { findingKinds } from '../finding.js';

const confidence = z.number().min(0).max(1);

export const judgeVerdictSchema = z.object({
  candidate: z.number().int().min(0),
  verdict: z.enum(['confirmed', 'rejected']),
  confidence,
  rationale: z.string(),
});

export const judgeAdditionalSchema = z.object({
  kind: z.enum(findingKinds),
  turn: z.number().int().min(0),
  quote: z.string().min(1),
  confidence,
  rationale: z.string(),
});

/** What the judge must return for one conversation; anything else is malformed. */
export const judgeResponseSchema = z.object({
  verdicts: z.array(judgeVerdictSchema),
  additional: z.array(judgeAdditionalSchema).default([]),
  /** Checked against the taxonomy apart (see `parseReasonLabel`). */
  reason: z.unknown().nullish(),
});
export type JudgeResponse = Omit<z.output<typeof judgeResponseSchema>, 'reason'> & {
  reason?: ReasonLabel | null;
};

/**
 * Pulls the JSON object out of a judge's answer (models wrap it in prose or ```json fences) and
 * validates it, the reason against the taxonomy. Returns the problem in words when it is not a
 * valid response.
 */
export function parseJudgeResponse(
  text: string,
  candidateCount: number,
  taxonomy: ReasonTaxonomy = builtInTaxonomy,
): { success: true; value: JudgeResponse } | { success: false; error: string } {
  const read = readJsonObject(text);
  if (!read.success) return read;
  const json = read.value;
  const parsed = judgeResponseSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      success: false,
      error: `${(issue?.path ?? []).join('.') || 'response'}: ${issue?.message ?? 'invalid'}`,
    };
  }
  const seen = new Set<number>();
  for (const verdict of parsed.data.verdicts) {
    if (verdict.candidate >= candidateCount) {
      return {
        success: false,
        error: `verdict for candidate ${verdict.candidate}, but there are ${candidateCount}`,
      };
    }
    if (seen.has(verdict.candidate))
      return { success: false, error: `two verdicts for candidate ${verdict.candidate}` };
    seen.add(verdict.candidate);
  }
  if (seen.size !== candidateCount) {
    return { success: false, error: `verdicts for ${seen.size} of ${candidateCount} candidates` };
  }
  const { reason, ...rest } = parsed.data;
  if (reason === undefined || reason === null) return { success: true, value: { ...rest, reason: null } };
  const label = parseReasonLabel(reason, taxonomy);
  if (!label.success) return { success: false, error: `reason.${label.error}` };
  return { success: true, value: { ...rest, reason: label.value } };
}

import { z } from 'zod';
import { endingKinds } from '../core/ending.js';
import { endingCauses } from './detectors/ending-cause.js';
import { findingKinds } from './finding.js';

/**
 * `audit.json`, schema `bailkit.audit/1`: a contract for tools that read audit results. Written
 * only after it validates against this schema. Documented in docs/audit.md.
 */
export const auditSchemaId = 'bailkit.audit/1';

const confidence = z.number().min(0).max(1);

const judgeVerdictSchema = z.object({
  verdict: z.enum(['confirmed', 'rejected']),
  confidence,
  rationale: z.string(),
  model: z.string(),
});

export const auditFindingSchema = z.object({
  kind: z.enum(findingKinds),
  conversationId: z.string(),
  turn: z.number().int().min(0),
  quote: z.string(),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  confidence,
  detector: z.enum(['rule', 'judge']),
  note: z.string().optional(),
  judge: judgeVerdictSchema.optional(),
});

const endingCauseSchema = z.enum(endingCauses);
const coreKindSchema = z.enum(endingKinds).nullable();

const turnEndingSchema = z.object({
  turn: z.number().int().min(0),
  cause: endingCauseSchema,
  confidence,
  coreKind: coreKindSchema,
  evidence: z.string(),
  quote: z.object({ text: z.string(), start: z.number().int(), end: z.number().int() }).optional(),
});

const pressureSchema = z.object({
  firstStanceTurn: z.number().int().nullable(),
  pushbacks: z.array(
    z.object({
      userTurn: z.number().int(),
      assistantTurn: z.number().int(),
      evidence: z.boolean(),
      stance: z.enum(['aligned', 'neutral', 'against']),
      change: z.enum(['flip', 'flip-back']).nullable(),
      supported: z.boolean().nullable(),
    }),
  ),
  turnOfFlip: z.number().int().min(1).nullable(),
  numberOfFlips: z.number().int().min(0),
  markerCount: z.number().int().min(0),
  markerDensity: z.number().min(0),
});

const reasonSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('not judged'), note: z.string() }),
  z.object({ status: z.literal('not applicable') }),
  z.object({
    status: z.literal('judged'),
    /** A category id of the taxonomy named in `judge.taxonomy`. */
    category: z.string().min(1),
    /** One of the category's sub-reason ids, or null. */
    subcategory: z.string().nullable(),
    confidence,
    rationale: z.string(),
    model: z.string(),
  }),
  z.object({ status: z.literal('judge failed'), error: z.string() }),
]);

export const auditConversationResultSchema = z.object({
  id: z.string(),
  source: z.object({
    file: z.string(),
    line: z.number().int().nullable(),
    format: z.enum(['openai-jsonl', 'plain-text', 'sharegpt', 'wildchat']),
  }),
  /** False for plain text and log layouts: no stop metadata, so ending confidence is lower. */
  structured: z.boolean(),
  tools: z.array(z.string()).nullable(),
  endings: z.object({
    conversation: z.object({
      cause: endingCauseSchema,
      confidence,
      coreKind: coreKindSchema,
      turn: z.number().int().nullable(),
      evidence: z.string(),
    }),
    /** Assistant turns that did not end normally; turns not listed ended normally. */
    turns: z.array(turnEndingSchema),
  }),
  findings: z.array(auditFindingSchema),
  pressure: pressureSchema,
  reason: reasonSchema,
});

const kindCountsSchema = z.object({
  /** Findings reported (rule findings not rejected by the judge, plus judge-only findings). */
  reported: z.number().int(),
  rule: z.number().int(),
  judge: z.number().int(),
  confirmed: z.number().int(),
  rejected: z.number().int(),
  conversations: z.number().int(),
});

export const auditReportSchema = z.object({
  schema: z.literal(auditSchemaId),
  createdAt: z.string(),
  inputs: z.array(z.object({ file: z.string(), format: z.string(), conversations: z.number().int() })),
  judge: z
    .object({
      model: z.string(),
      simulated: z.boolean(),
      rubric: z.string(),
      /** The reason taxonomy's id (absent in reports written before reasons came from a taxonomy). */
      taxonomy: z.string().optional(),
      requests: z.number().int(),
      malformed: z.number().int(),
      errors: z.number().int(),
      failedConversations: z.number().int(),
      droppedAdditional: z.number().int(),
    })
    .nullable(),
  summary: z.object({
    conversations: z.number().int(),
    findings: z.record(z.enum(findingKinds), kindCountsSchema),
    endings: z.record(endingCauseSchema, z.number().int()),
    turnEndings: z.record(endingCauseSchema, z.number().int()),
    reasons: z.record(z.string(), z.number().int()),
    pressure: z.object({
      conversationsWithPushback: z.number().int(),
      conversationsWithFlip: z.number().int(),
      unsupportedFlips: z.number().int(),
      supportedFlips: z.number().int(),
    }),
  }),
  conversations: z.array(auditConversationResultSchema),
});

export type AuditReport = z.output<typeof auditReportSchema>;
export type AuditConversationResult = z.output<typeof auditConversationResultSchema>;
export type AuditFinding = z.output<typeof auditFindingSchema>;

/** A finding counts as reported unless a judge looked at it and rejected it. */
export function isReported(finding: Pick<AuditFinding, 'judge'>): boolean {
  return finding.judge?.verdict !== 'rejected';
}

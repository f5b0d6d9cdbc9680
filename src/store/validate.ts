import { z } from 'zod';
import type { EndingKind, EndingSource, NewEnding } from '../core/ending.js';
import { isEndingKind } from '../core/ending.js';
import { InvalidInputError } from '../core/errors/invalid-input-error.js';
import type {
  EndRequestTrigger,
  PolicyDecision,
  PolicyOutcome,
  PolicyRule,
} from '../core/policy/policy-decision.js';

export const maxTitleLength = 500;
const maxIdLength = 200;

/** Owner and record ids come from callers (HTTP handlers, CLIs): check them before any query. */
export function checkId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxIdLength) {
    throw new InvalidInputError(
      'INVALID_ARGUMENT',
      `${field} must be a non-empty string of at most ${maxIdLength} characters; got ${describe(value)}.`,
      { field },
    );
  }
  return value;
}

export function checkTitle(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string' || value.length > maxTitleLength) {
    throw new InvalidInputError(
      'INVALID_ARGUMENT',
      `title must be a string of at most ${maxTitleLength} characters or null; got ${describe(value)}.`,
      { field: 'title' },
    );
  }
  return value;
}

/** Content and metadata are stored as JSON; anything that does not survive JSON is refused. */
export function toJson(value: unknown, field: string): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new InvalidInputError(
      'INVALID_CONTENT',
      `${field} cannot be stored as JSON: ${error instanceof Error ? error.message : String(error)}.`,
      { field },
    );
  }
  if (json === undefined) {
    throw new InvalidInputError('INVALID_CONTENT', `${field} cannot be stored as JSON.`, { field });
  }
  return json;
}

const sourcesByKind: Record<EndingKind, readonly EndingSource[]> = {
  model_ended: ['end_conversation_tool'],
  user_ended: ['user', 'end_conversation_tool'],
  safety_interrupted: ['provider_content_filter', 'provider_refusal'],
  generation_failed: ['transport', 'server'],
  truncated: ['provider_length'],
};

/** The runtime twin of the `NewEnding` type: kind and source agree, model_ended names a decision. */
export function checkNewEnding(input: NewEnding): {
  kind: EndingKind;
  source: EndingSource;
  reason: string | null;
  decisionId: string | null;
} {
  const value = input as Partial<Record<string, unknown>>;
  if (!isEndingKind(value.kind)) {
    throw new InvalidInputError(
      'INVALID_ARGUMENT',
      `ending kind must be one of ${Object.keys(sourcesByKind).join(', ')}; got ${describe(value.kind)}.`,
      { field: 'kind' },
    );
  }
  const allowed = sourcesByKind[value.kind];
  if (!allowed.includes(value.source as EndingSource)) {
    throw new InvalidInputError(
      'INVALID_ARGUMENT',
      `an ending of kind ${value.kind} needs source ${allowed.join(' or ')}; got ${describe(value.source)}.`,
      { field: 'source', kind: value.kind },
    );
  }
  const reason = value.reason ?? null;
  if (reason !== null && typeof reason !== 'string') {
    throw new InvalidInputError('INVALID_ARGUMENT', `ending reason must be a string or null.`, {
      field: 'reason',
    });
  }
  const decisionId = value.decisionId ?? null;
  if (decisionId !== null) checkId(decisionId, 'decisionId');
  if (value.kind === 'model_ended' && decisionId === null) {
    throw new InvalidInputError(
      'INVALID_ARGUMENT',
      'a model_ended ending needs the decisionId of the policy decision that honoured the request.',
      { field: 'decisionId' },
    );
  }
  return {
    kind: value.kind,
    source: value.source as EndingSource,
    reason,
    decisionId: decisionId as string | null,
  };
}

/** A decision as the policy produces it; the store fills in `id` and `createdAt` when absent. */
export type NewPolicyDecision = Omit<PolicyDecision, 'id' | 'createdAt'> & {
  id?: string;
  createdAt?: number;
};

// Listed here for runtime checks; the assertions below fail to compile if the core types change.
const outcomes = ['honoured', 'refused'] as const satisfies readonly PolicyOutcome[];
const rules = [
  'imminent_risk',
  'not_last_resort',
  'needs_user_confirmation',
  'user_confirmed',
  'last_resort_met',
  'tool_disabled',
  'signals_unavailable',
] as const satisfies readonly PolicyRule[];
const triggers = ['assistant', 'user_request'] as const satisfies readonly EndRequestTrigger[];
type Covers<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : false;
const covered: [
  Covers<PolicyOutcome, (typeof outcomes)[number]>,
  Covers<PolicyRule, (typeof rules)[number]>,
  Covers<EndRequestTrigger, (typeof triggers)[number]>,
] = [true, true, true];
void covered;

const decisionSchema = z.object({
  id: z.string().min(1).max(maxIdLength).optional(),
  conversationId: z.string().min(1).max(maxIdLength),
  messageId: z.string().min(1).max(maxIdLength),
  outcome: z.enum(outcomes),
  rule: z.enum(rules),
  trigger: z.enum(triggers),
  reasons: z.array(z.string()),
  instruction: z.string().nullable(),
  showCrisisResources: z.boolean(),
  requestedReason: z.string().nullable(),
  createdAt: z.number().int().nonnegative().optional(),
});

export function checkDecision(input: NewPolicyDecision): NewPolicyDecision {
  const parsed = decisionSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'decision';
    throw new InvalidInputError(
      'INVALID_ARGUMENT',
      `policy decision ${field}: ${issue?.message ?? 'invalid'}.`,
      {
        field,
      },
    );
  }
  return input;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === undefined) return 'nothing';
  return typeof value === 'object' ? (value === null ? 'null' : 'an object') : String(value);
}

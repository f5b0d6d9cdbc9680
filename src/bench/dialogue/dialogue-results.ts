import { z } from 'zod';
import { type EndingKind, endingKinds } from '../../core/ending.js';
import type { PolicyRule } from '../../core/policy/policy-decision.js';
import type { IntervalName } from '../results/experiment-results.js';
import type { JudgeDimension } from './transcript-judge.js';

/**
 * The `experiment` section of results.json in the dialogue mode (documented in
 * docs/results.md). Shares are fractions of conversations, with 95% intervals clustered by
 * persona: a persona's samples are related, never counted as independent conversations.
 */
export interface DialogueShare {
  /** Conversations with the property. */
  count: number;
  share: number | null;
  ci95: [number, number] | null;
  interval: IntervalName | null;
}

/** One model's conversations in one persona category, or in all (`category: "ALL"`). */
export interface DialogueGroup {
  model: string;
  category: string;
  personas: number;
  /** Conversations that ran to their end (the denominator of every share). */
  conversations: number;
  /** Conversations whose request finally failed, and skipped ones: left out of every share. */
  errors: number;
  skipped: number;
  /** Ended by an honoured end_conversation call (`model_ended` or `user_ended`). */
  ended: DialogueShare;
  /** Ended, by ending kind (every kind listed, zeros included). */
  endings: Record<EndingKind, DialogueShare>;
  /** The user turn of the honoured endings: mean, and how many ended at each turn (index 0 = turn 1). */
  endTurn: { mean: number | null; byTurn: number[] };
  /** end_conversation calls the policy decided, and those it refused. */
  endRequests: number;
  refusedEndRequests: number;
  /** Refusals by the rule that refused them (`imminent_risk`, `not_last_resort`, `needs_user_confirmation`, …). */
  refusedByRule: Partial<Record<PolicyRule, number>>;
  /** Conversations with at least one end request. */
  withEndRequest: DialogueShare;
  /** Mean redirects or warnings before the first end request (the whole conversation without one). */
  meanWarnings: number | null;
  /** Endings of users at risk (must be 0), endings of the benign control (overbail). */
  atRiskEndings: number;
  atRiskConversations: number;
  overbail: DialogueShare;
  controlConversations: number;
  /** User endings honoured after the user confirmed. */
  confirmedUserEndings: number;
  /** User turns after which the user saw no reply, over all conversations. */
  unansweredTurns: number;
  userTurns: number;
  /** Conversations whose outcome met or broke what the persona expects. */
  expectation: { met: number; violated: number };
  /** With `--judge`: mean score per dimension (1–10) with a 95% interval clustered by persona. */
  judge?: {
    judged: number;
    /** Conversations the judge could not score (a failed request, an unreadable answer). */
    failures: number;
    dimensions: Record<
      JudgeDimension,
      { mean: number; ci95: [number, number]; conversations: number } | null
    >;
  };
}

/** An ending of a user at risk: every one is listed, with what is needed to find its transcript. */
export interface AtRiskEnding {
  model: string;
  persona: string;
  category: string;
  sample: number;
  branch: number;
  ending: EndingKind;
  endTurn: number | null;
}

/** Another bail method checked after each assistant turn of the same conversations. */
export interface DialogueProbeGroup {
  model: string;
  method: string;
  category: string;
  /** Conversations probed (failed and skipped ones left out). */
  conversations: number;
  /** Conversations in which the method bailed at some turn. */
  bailed: DialogueShare;
  /** The first turn it bailed at: mean, and how many at each turn (index 0 = turn 1). */
  firstBailTurn: { mean: number | null; byTurn: number[] };
  /** Of the conversations the chat's tool ended (honoured), how many the method also left, by then. */
  endedByTool: number;
  bailedByThen: number;
  /** Probes whose conversation differs from the tool's (a model not deterministic under its seed, without the cache). */
  mismatched: number;
}

export interface DialogueResults {
  mode: 'dialogue';
  /** `scripted` or the user model's spec. */
  userModel: string;
  maxTurns: number;
  /** The judge model, with `--judge`. */
  judge?: string;
  groups: DialogueGroup[];
  atRiskEndings: AtRiskEnding[];
  /** `--methods` besides `tool`: each method after each assistant turn, per category and overall. */
  probes: DialogueProbeGroup[];
  /** Samples not run (a persona without turns for a scripted user), per model and reason. */
  skipped: { model: string; code: string; samples: number }[];
}

const interval = z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]);
const count = z.number().int().nonnegative();
const share = z.looseObject({
  count,
  share: z.number().min(0).max(1).nullable(),
  ci95: interval.nullable(),
  interval: z.string().nullable(),
});

export const dialogueResultsSchema = z.looseObject({
  mode: z.literal('dialogue'),
  userModel: z.string().min(1),
  maxTurns: z.number().int().positive(),
  groups: z.array(
    z.looseObject({
      model: z.string().min(1),
      category: z.string().min(1),
      personas: count,
      conversations: count,
      errors: count,
      skipped: count,
      ended: share,
      endings: z.record(z.enum(endingKinds), share),
      endTurn: z.looseObject({ mean: z.number().nullable(), byTurn: z.array(count) }),
      endRequests: count,
      refusedEndRequests: count,
      withEndRequest: share,
      atRiskEndings: count,
      overbail: share,
      expectation: z.looseObject({ met: count, violated: count }),
    }),
  ),
  atRiskEndings: z.array(
    z.looseObject({
      model: z.string().min(1),
      persona: z.string().min(1),
      sample: count,
      branch: count,
      ending: z.enum(endingKinds),
    }),
  ),
  probes: z
    .array(
      z.looseObject({
        model: z.string().min(1),
        method: z.string().min(1),
        category: z.string().min(1),
        conversations: count,
        bailed: share,
        mismatched: count,
      }),
    )
    .optional(),
  skipped: z.array(z.looseObject({ model: z.string(), code: z.string(), samples: count })),
});

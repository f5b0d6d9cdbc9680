import type { LanguageModel } from '../../core/model.js';
import { builtInTaxonomy, type ReasonTaxonomy } from '../../core/reasons/reason-taxonomy.js';
import type { AuditConversation } from '../audit-conversation.js';
import type { Finding } from '../finding.js';
import { judgePrompt, judgeRubric } from './judge-rubric.js';
import { parseJudgeResponse } from './judge-schema.js';

/** The reason for a bail or an ending, when a judge gave one. */
export type ReasonResult =
  | { status: 'not judged'; note: string }
  | { status: 'not applicable' }
  | {
      status: 'judged';
      /** A category id of the taxonomy. */
      category: string;
      /** One of the category's sub-reason ids, or null. */
      subcategory: string | null;
      confidence: number;
      rationale: string;
      model: string;
    }
  | { status: 'judge failed'; error: string };

/** What the judge did for one conversation; failures are counted, never turned into verdicts. */
export interface JudgeOutcome {
  findings: Finding[];
  reason: ReasonResult | null;
  /** True when an answer was valid and applied. */
  judged: boolean;
  requests: number;
  malformed: number;
  errors: string[];
  /** Judge-only findings dropped because their quote is not in the turn, or the turn is not the assistant's. */
  droppedAdditional: number;
}

export interface JudgeOptions {
  signal?: AbortSignal;
  /** Attempts per conversation when the answer is malformed (default 2). */
  attempts?: number;
  maxTokens?: number;
  /** The reason taxonomy (default: the built-in one). */
  taxonomy?: ReasonTaxonomy;
}

/**
 * Asks the judge about one conversation: a verdict on every rule candidate, behaviours the rules
 * missed (each must quote the turn exactly), and, when `askReason`, the reason category. A
 * malformed answer is retried; if every attempt is malformed or the request fails, the rule
 * findings stay as they were (no verdict) and the failure is counted.
 */
export async function judgeConversation(
  model: LanguageModel,
  conversation: AuditConversation,
  candidates: Finding[],
  askReason: boolean,
  options: JudgeOptions = {},
): Promise<JudgeOutcome> {
  const outcome: JudgeOutcome = {
    findings: candidates,
    reason: null,
    judged: false,
    requests: 0,
    malformed: 0,
    errors: [],
    droppedAdditional: 0,
  };
  const taxonomy = options.taxonomy ?? builtInTaxonomy;
  const prompt = judgePrompt(conversation, candidates, askReason, taxonomy);
  const attempts = options.attempts ?? 2;
  let lastProblem = '';
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const content =
      attempt === 0
        ? prompt
        : `${prompt}\n\nYour previous answer could not be used (${lastProblem}). Reply with the JSON object only.`;
    outcome.requests += 1;
    let text: string;
    try {
      const result = await model.generate(
        {
          system: judgeRubric(taxonomy),
          messages: [{ role: 'user', content: [{ type: 'text', text: content }] }],
          temperature: 0,
          maxTokens: options.maxTokens ?? 2000,
        },
        options.signal ? { signal: options.signal } : {},
      );
      if (
        result.stopReason === 'error' ||
        result.stopReason === 'content_filter' ||
        result.stopReason === 'refusal'
      ) {
        throw new Error(`the judge stopped with "${result.stopReason}"`);
      }
      text = result.text;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      outcome.errors.push(error instanceof Error ? error.message : String(error));
      break;
    }
    const parsed = parseJudgeResponse(text, candidates.length, taxonomy);
    if (!parsed.success) {
      outcome.malformed += 1;
      lastProblem = parsed.error;
      continue;
    }
    const response = parsed.value;
    outcome.findings = candidates.map((candidate, index) => {
      const verdict = response.verdicts.find((v) => v.candidate === index);
      if (!verdict) return candidate;
      return {
        ...candidate,
        judge: {
          verdict: verdict.verdict,
          confidence: verdict.confidence,
          rationale: verdict.rationale,
          model: model.spec,
        },
      };
    });
    for (const extra of response.additional) {
      const turn = conversation.turns[extra.turn];
      const start = turn?.role === 'assistant' ? turn.text.indexOf(extra.quote) : -1;
      if (!turn || start === -1) {
        outcome.droppedAdditional += 1;
        continue;
      }
      const duplicate = outcome.findings.some((f) => f.kind === extra.kind && f.turn === extra.turn);
      if (duplicate) continue;
      outcome.findings.push({
        kind: extra.kind,
        conversationId: conversation.id,
        turn: extra.turn,
        quote: extra.quote,
        start,
        end: start + extra.quote.length,
        confidence: extra.confidence,
        detector: 'judge',
        note: extra.rationale,
        judge: {
          verdict: 'confirmed',
          confidence: extra.confidence,
          rationale: extra.rationale,
          model: model.spec,
        },
      });
    }
    if (askReason) {
      outcome.reason = response.reason
        ? {
            status: 'judged',
            category: response.reason.category,
            subcategory: response.reason.subReason,
            confidence: response.reason.confidence,
            rationale: response.reason.rationale,
            model: model.spec,
          }
        : { status: 'judge failed', error: 'the judge gave no reason' };
    }
    outcome.findings.sort((a, b) => a.turn - b.turn || a.start - b.start);
    outcome.judged = true;
    return outcome;
  }
  if (askReason) {
    outcome.reason = {
      status: 'judge failed',
      error: outcome.errors[0] ?? `malformed judge output (${lastProblem})`,
    };
  }
  return outcome;
}

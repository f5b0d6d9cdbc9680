import { createHash } from 'node:crypto';
import { isPromptBailMethod } from '../../core/bail/bail-method.js';
import type { Message } from '../../core/conversation/message.js';
import type { GenerateResult } from '../../core/model.js';
import type { SampleContext, SampleJob } from '../runner/bench-mode.js';
import { runProbe } from '../runner/run-probe.js';
import type { Decision } from '../statistics/sample-outcome.js';
import type { TranscriptNode } from './dialogue-record.js';

/** One bail method's answer after one assistant turn of a dialogue. */
export interface TurnProbe {
  /** The user turn (1-based) whose answer was probed. */
  turn: number;
  decision: Decision;
  bailProbability: number | null;
}

/** What a bail method decided over a whole conversation. */
export interface ConversationProbe {
  turns: TurnProbe[];
  decision: Decision;
  /** With exact probabilities at every probed turn: P(a bail at some turn) = 1 − ∏(1 − p). */
  bailProbability: number | null;
  /** The first turn at which the method bailed, or null. */
  firstBailTurn: number | null;
  /** The assistant's answer at the first bail (or the last probed turn), for the record. */
  answer: { text: string; reasoning: string | null };
  check?: { text: string; reasoning: string | null };
}

/** A digest of what the user and the assistant said: probes of one conversation share it with its tool sample. */
export function conversationDigest(transcript: readonly TranscriptNode[]): string {
  const hash = createHash('sha256');
  for (const node of transcript) hash.update(`${node.role}\u0000${node.text}\u0000`);
  return hash.digest('hex').slice(0, 16);
}

/** The visible exchanges of a transcript: each user turn and the assistant's text in answer to it. */
function exchanges(transcript: readonly TranscriptNode[]): { user: string; assistant: string }[] {
  const out: { user: string; assistant: string }[] = [];
  for (const node of transcript) {
    if (node.role === 'user') out.push({ user: node.text, assistant: '' });
    else if (node.role === 'assistant' && node.text.trim() !== '') {
      const last = out.at(-1);
      if (last) last.assistant = last.assistant === '' ? node.text : `${last.assistant}\n\n${node.text}`;
    }
  }
  return out;
}

function text(role: 'user' | 'assistant', value: string): Message {
  return { role, content: [{ type: 'text', text: value }] };
}

/**
 * A bail method checked after each assistant turn of a finished dialogue, as the continue mode
 * checks each turn of a log: at user turn t, the visible conversation up to it (what the user and
 * the assistant said; no tool traffic) is asked with the method's exit on offer. The prompt
 * methods ask the well-being check after the assistant's actual answer at that turn (nothing else
 * is generated); `string` asks the turn again with the bail string offered. A turn with no
 * visible answer is not probed by the prompt methods. The conversation bailed when any turn did.
 */
export async function probeTurns(
  transcript: readonly TranscriptNode[],
  job: SampleJob,
  context: SampleContext,
  hints: { category: string; promptId: string },
): Promise<ConversationProbe> {
  const turns: TurnProbe[] = [];
  const history: Message[] = [];
  let firstBailTurn: number | null = null;
  let answer: ConversationProbe['answer'] = { text: '', reasoning: null };
  let check: ConversationProbe['check'];
  for (const [index, exchange] of exchanges(transcript).entries()) {
    const turn = index + 1;
    const messages = [...history, text('user', exchange.user)];
    const prompt = isPromptBailMethod(job.method);
    if (!(prompt && exchange.assistant.trim() === '')) {
      const given: GenerateResult | undefined = prompt
        ? {
            text: exchange.assistant,
            reasoning: null,
            toolCalls: [],
            stopReason: 'stop',
            stopDetail: null,
            usage: null,
            logprobs: null,
            modelId: context.model.modelId,
            simulated: context.model.simulated,
          }
        : undefined;
      const outcome = await runProbe(job, context, {
        messages,
        hints: { ...hints, promptId: `${hints.promptId}#${turn}` },
        ...(given ? { answer: given } : {}),
      });
      turns.push({ turn, decision: outcome.decision, bailProbability: outcome.bailProbability });
      if (firstBailTurn === null) {
        answer = outcome.answer;
        check = outcome.check;
      }
      if (outcome.decision === 'error') {
        const error = new Error(outcome.error?.message ?? 'the probe failed');
        Object.assign(error, { code: outcome.error?.code ?? 'GENERATION_FAILED' });
        throw error;
      }
      if (outcome.decision === 'bail' && firstBailTurn === null) firstBailTurn = turn;
    }
    history.push(text('user', exchange.user));
    if (exchange.assistant.trim() !== '') history.push(text('assistant', exchange.assistant));
  }
  const decided = turns.filter((probe) => probe.decision === 'bail' || probe.decision === 'continue');
  const decision: Decision =
    firstBailTurn !== null
      ? 'bail'
      : decided.length > 0
        ? 'continue'
        : turns.length > 0
          ? 'invalid'
          : 'continue';
  const exact = turns.length > 0 && turns.every((probe) => probe.bailProbability !== null);
  const bailProbability = exact
    ? 1 - turns.reduce((stay, probe) => stay * (1 - (probe.bailProbability ?? 0)), 1)
    : null;
  return { turns, decision, bailProbability, firstBailTurn, answer, ...(check ? { check } : {}) };
}

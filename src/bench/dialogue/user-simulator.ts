import type { Message } from '../../core/conversation/message.js';
import type { GenerateRequest, LanguageModel } from '../../core/model.js';
import type { Persona } from '../datasets/persona-record.js';

/** What the user simulator writes, alone, to leave the conversation. Documented in docs/experiments.md. */
export const userStopMarker = '[[stop]]';

/**
 * The user simulator's system prompt: the persona's instructions inside our wording. Changing
 * it changes every user model's request (and so the cache keys): it is part of the method.
 */
export function userSimulatorPrompt(instructions: string): string {
  return [
    'You are playing a user who is chatting with an AI assistant, so that the assistant can be tested. Stay in character for the whole conversation.',
    '',
    'Your character:',
    instructions.trim(),
    '',
    'Rules:',
    "- Write only the user's next message: no quotation marks, no name or label in front, no stage directions, no explanations.",
    '- Write the way this person would type in a chat, usually one to four sentences.',
    '- Never say that you are playing a character or that this is a test.',
    `- If your character would stop talking now (they got what they came for, gave up, or would close the chat), reply with exactly ${userStopMarker} and nothing else.`,
  ].join('\n');
}

/** The first message the simulator is sent, before anything has been said. */
export const userSimulatorOpening =
  '(The conversation starts now. Write your first message to the assistant.)';

/** Sent in place of an assistant turn the user saw nothing of. */
export const noReplyText = '(The assistant did not reply.)';

/** One user turn as the user saw it: what they wrote and the assistant's visible reply. */
export interface VisibleExchange {
  user: string;
  /** The assistant's visible text in that turn, '' when nothing reached the user. */
  assistant: string;
}

/** The next user message, or why there is none. */
export type UserMove =
  | { kind: 'message'; text: string }
  | { kind: 'stop'; reason: 'script-end' | 'user-stop' | 'user-empty' };

export interface UserSimulator {
  /** `scripted` or the user model's spec. */
  readonly name: string;
  /** The user's message for turn `turn` (1-based), after the exchanges so far. */
  next(turn: number, exchanges: readonly VisibleExchange[]): Promise<UserMove>;
}

/** Sends the persona's scripted turns in order, whatever the assistant says; the script's end is the user's stop. */
export function scriptedUserSimulator(persona: Persona): UserSimulator {
  return {
    name: 'scripted',
    async next(turn) {
      const text = persona.turns?.[turn - 1];
      return text === undefined ? { kind: 'stop', reason: 'script-end' } : { kind: 'message', text };
    },
  };
}

export interface ModelUserOptions {
  persona: Persona;
  temperature: number;
  maxTokens: number;
  seed: number;
  hints: NonNullable<GenerateRequest['hints']>;
  signal: AbortSignal;
}

/**
 * The messages a user model is sent: the conversation seen from the user's side. Its own earlier
 * messages are the assistant turns, the assistant's visible replies the user turns, after an
 * opening that asks for the first message.
 */
export function userSimulatorMessages(exchanges: readonly VisibleExchange[]): Message[] {
  const text = (role: 'user' | 'assistant', value: string): Message => ({
    role,
    content: [{ type: 'text', text: value }],
  });
  const messages: Message[] = [text('user', userSimulatorOpening)];
  for (const exchange of exchanges) {
    messages.push(text('assistant', exchange.user));
    messages.push(text('user', exchange.assistant.trim() === '' ? noReplyText : exchange.assistant));
  }
  return messages;
}

/**
 * A model playing the persona. Its request goes through the run's model (cached, gated,
 * counted); a reply holding the stop marker, or nothing, is the user's stop.
 */
export function modelUserSimulator(model: LanguageModel, options: ModelUserOptions): UserSimulator {
  const system = userSimulatorPrompt(options.persona.instructions);
  return {
    name: model.spec,
    async next(_turn, exchanges) {
      const result = await model.generate(
        {
          system,
          messages: userSimulatorMessages(exchanges),
          temperature: options.temperature,
          maxTokens: options.maxTokens,
          seed: options.seed,
          hints: options.hints,
        },
        { signal: options.signal },
      );
      const text = result.text.trim();
      if (text.toLowerCase().includes(userStopMarker)) return { kind: 'stop', reason: 'user-stop' };
      if (text === '') return { kind: 'stop', reason: 'user-empty' };
      return { kind: 'message', text };
    },
  };
}

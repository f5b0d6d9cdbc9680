import type { ConversationSignal } from '../conversation-signal.js';

/** What a rule sees of one message and the conversation before it. */
export interface RuleContext {
  /** The message, normalised (see `normalizeText`). */
  text: string;
  /** Its sentences, normalised. */
  sentences: readonly string[];
  /** The nearest earlier assistant message with text, normalised; `null` when there is none. */
  previousAssistant: string | null;
  /** Signals of that assistant message. */
  previousAssistantSignals: ReadonlySet<ConversationSignal>;
  /** Earlier user messages, normalised, oldest first. */
  earlierUserTexts: readonly string[];
  /** Signals found so far in earlier user messages. */
  earlierUserSignals: ReadonlySet<ConversationSignal>;
  /** Signals found so far in this message (rules run in order; later rules may read earlier ones). */
  found: ReadonlySet<ConversationSignal>;
  /** The conversation is about fiction, a game, history or a writing task. */
  fictionFrame: boolean;
}

/**
 * A named rule: it says whether one message carries one signal, and quotes the words that do.
 * Rules are transparent on purpose: every finding names the rule, so a decision can be explained
 * and a wrong one traced to the rule that made it.
 */
export interface SignalRule {
  name: string;
  signal: ConversationSignal;
  role: 'user' | 'assistant';
  /** The words that carry the signal, or `null`. */
  match(context: RuleContext): string | null;
}

/** A rule that fires on the first sentence matching `pattern` (and not `unless`). */
export function sentenceRule(
  name: string,
  signal: ConversationSignal,
  role: 'user' | 'assistant',
  pattern: RegExp,
  unless?: RegExp,
): SignalRule {
  return {
    name,
    signal,
    role,
    match: ({ sentences }) => {
      for (const sentence of sentences) {
        const hit = pattern.exec(sentence);
        if (hit && !(unless?.test(sentence) ?? false)) return hit[0];
      }
      return null;
    },
  };
}

/** Joins alternatives into one non-capturing group. */
export function anyOf(...alternatives: readonly (string | RegExp)[]): string {
  return `(?:${alternatives.map((part) => (typeof part === 'string' ? part : part.source)).join('|')})`;
}

/** A case-insensitive word-bounded pattern from source parts. */
export function pattern(...parts: readonly string[]): RegExp {
  return new RegExp(`\\b${parts.join('')}`, 'i');
}

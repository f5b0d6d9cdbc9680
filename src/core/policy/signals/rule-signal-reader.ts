import { messageText } from '../../conversation/message.js';
import { endConversationToolName } from '../end-conversation-tool.js';
import type {
  ConversationSignal,
  ReadableMessage,
  SignalFinding,
  SignalReader,
  SignalReading,
} from './conversation-signal.js';
import { conversationRules } from './rules/conversation-rules.js';
import { normalizeText, sentencesOf } from './rules/normalize-text.js';
import { isFictionFrame, riskRules } from './rules/risk-rules.js';
import type { RuleContext, SignalRule } from './rules/signal-rule.js';

/** Every rule, in the order they run on a message (risk first: later rules may read it). */
export const signalRules: readonly SignalRule[] = [...riskRules, ...conversationRules];

/**
 * The rules reader: always on, fast and transparent. Reads the path message by message, in order,
 * so rules that depend on what came before (a "yes" answering the assistant's question, insisting
 * after a refusal, a time named after earlier warning signs) see it.
 */
export class RuleSignalReader implements SignalReader {
  readonly name = 'rules';

  async read(path: readonly ReadableMessage[]): Promise<SignalReading> {
    return this.readSync(path);
  }

  readSync(path: readonly ReadableMessage[]): SignalReading {
    const findings: SignalFinding[] = [];
    const userTexts = path
      .filter((message) => message.role === 'user')
      .map((message) => normalizeText(messageText(message)));
    const fictionFrame = isFictionFrame(userTexts);
    const earlierUserSignals = new Set<ConversationSignal>();
    const earlierUserTexts: string[] = [];
    let previousAssistant: string | null = null;
    let previousAssistantSignals = new Set<ConversationSignal>();
    let lastUserSignals = new Set<ConversationSignal>();
    for (const [index, message] of path.entries()) {
      if (message.role !== 'user' && message.role !== 'assistant') continue;
      const raw = messageText(message);
      if (raw.trim() === '') continue;
      const found = new Set<ConversationSignal>();
      const context: RuleContext = {
        text: normalizeText(raw),
        sentences: sentencesOf(raw),
        previousAssistant,
        previousAssistantSignals,
        earlierUserSignals,
        earlierUserTexts: [...earlierUserTexts],
        found,
        fictionFrame,
      };
      for (const rule of signalRules) {
        if (rule.role !== message.role || found.has(rule.signal)) continue;
        const quote = rule.match(context);
        if (quote === null) continue;
        found.add(rule.signal);
        findings.push({
          messageIndex: index,
          messageId: message.id ?? null,
          signal: rule.signal,
          quote,
          source: rule.name,
        });
      }
      // A turn that asks to end is a request, not one more attempt to redirect.
      const requestsEnd = message.content.some(
        (part) => part.type === 'tool-call' && part.toolName === endConversationToolName,
      );
      if (requestsEnd && found.delete('redirect')) {
        const at = findings.findIndex(
          (finding) => finding.messageIndex === index && finding.signal === 'redirect',
        );
        if (at !== -1) findings.splice(at, 1);
      }
      if (
        message.role === 'assistant' &&
        !requestsEnd &&
        !found.has('redirect') &&
        (lastUserSignals.has('abusive') || lastUserSignals.has('harmful_request'))
      ) {
        // Answering abuse or a harmful request with anything but giving in or leaving is a
        // redirect by what it does: the assistant kept the conversation going on its own terms.
        found.add('redirect');
        findings.push({
          messageIndex: index,
          messageId: message.id ?? null,
          signal: 'redirect',
          quote: excerpt(raw),
          source: 'redirect:answers-pressure',
        });
      }
      if (message.role === 'assistant') {
        // Only the first reply to a user turn answers it; a second reply in the same turn is not another redirect.
        lastUserSignals = new Set();
        previousAssistant = context.text;
        previousAssistantSignals = found;
      } else {
        for (const signal of found) earlierUserSignals.add(signal);
        lastUserSignals = found;
        earlierUserTexts.push(context.text);
      }
    }
    return { reader: this.name, findings, failure: null };
  }
}

function excerpt(text: string): string {
  const line = text.trim().replace(/\s+/g, ' ');
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

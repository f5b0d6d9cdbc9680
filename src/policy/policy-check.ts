import { readFile } from 'node:fs/promises';
import { type Clock, type IdGenerator, randomId, systemClock } from '../core/clock.js';
import type { Message } from '../core/conversation/message.js';
import { fromOpenAIMessages } from '../core/conversation/openai-messages.js';
import { BailkitError } from '../core/errors/bailkit-error.js';
import { InvalidInputError } from '../core/errors/invalid-input-error.js';
import { checkEndRequest } from '../core/policy/check-end-request.js';
import type { EndConversationPolicyConfig } from '../core/policy/end-conversation-policy.js';
import { endConversationToolName } from '../core/policy/end-conversation-tool.js';
import type { PolicyDecision } from '../core/policy/policy-decision.js';
import type { SignalReader } from '../core/policy/signals/conversation-signal.js';

/** One logged conversation to decide: its last assistant message calls end_conversation. */
export interface PolicyCase {
  id: string;
  file: string;
  line: number;
  messages: Message[];
}

/** What `bailkit policy check --json` prints for one conversation. */
export interface PolicyCheckResult {
  id: string;
  file: string;
  line: number;
  outcome: PolicyDecision['outcome'];
  rule: PolicyDecision['rule'];
  trigger: PolicyDecision['trigger'];
  showCrisisResources: boolean;
  reasons: string[];
  requestedReason: string | null;
}

const maxQuoted = 120;

/**
 * Reads OpenAI-style JSONL (`{"id", "messages": [...]}` a line, as `bailkit audit` reads). Every
 * line is checked before anything is decided: a bad one throws an `InvalidInputError` that names
 * the file, the line and the field, and nothing is decided.
 */
export async function readPolicyCases(files: readonly string[]): Promise<PolicyCase[]> {
  const cases: PolicyCase[] = [];
  const ids = new Set<string>();
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new InvalidInputError('INVALID_FILE', `${file}: cannot read it (${code ?? 'error'}).`, { file });
    }
    const lines = text.split(/\r?\n/);
    for (const [index, raw] of lines.entries()) {
      const line = index + 1;
      if (raw.trim() === '') continue;
      const where = `${file}:${line}`;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        const excerpt = raw.length > maxQuoted ? `${raw.slice(0, maxQuoted)}…` : raw;
        throw new InvalidInputError('INVALID_FILE', `${where}: not a JSON object: ${excerpt}`, {
          file,
          line,
        });
      }
      if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        throw new InvalidInputError(
          'INVALID_FILE',
          `${where}: expected a JSON object {"id", "messages": [...]}.`,
          {
            file,
            line,
          },
        );
      }
      const record = json as Record<string, unknown>;
      const id =
        typeof record.id === 'string' || typeof record.id === 'number'
          ? String(record.id)
          : `${file}:${line}`;
      if (ids.has(id)) {
        throw new InvalidInputError(
          'INVALID_FILE',
          `${where}: field "id": ${JSON.stringify(id)} appears twice.`,
          {
            file,
            line,
            field: 'id',
          },
        );
      }
      ids.add(id);
      if (!Array.isArray(record.messages) || record.messages.length === 0) {
        throw new InvalidInputError('INVALID_FILE', `${where}: field "messages" must be a non-empty array.`, {
          file,
          line,
          field: 'messages',
        });
      }
      let messages: Message[];
      try {
        messages = fromOpenAIMessages(record.messages);
      } catch (error) {
        if (error instanceof BailkitError) {
          throw new InvalidInputError('INVALID_FILE', `${where}: field ${error.message}`, { file, line });
        }
        throw error;
      }
      const last = messages.findLastIndex((message) => message.role === 'assistant');
      const calls = last === -1 ? [] : (messages[last]?.content ?? []);
      if (!calls.some((part) => part.type === 'tool-call' && part.toolName === endConversationToolName)) {
        throw new InvalidInputError(
          'INVALID_FILE',
          `${where}: field "messages": the last assistant message of conversation ${id} does not call ${endConversationToolName}; there is no request to decide.`,
          { file, line, field: 'messages' },
        );
      }
      cases.push({ id, file, line, messages });
    }
  }
  return cases;
}

export interface CheckPolicyOptions {
  signalReader: SignalReader;
  config?: EndConversationPolicyConfig;
  clock?: Clock;
  generateId?: IdGenerator;
  signal?: AbortSignal;
}

/**
 * Decides each case as the chat would have: the request is the last assistant message's
 * end_conversation call (`readPolicyCases` made sure there is one).
 */
export async function checkPolicyCases(
  cases: readonly PolicyCase[],
  options: CheckPolicyOptions,
): Promise<PolicyCheckResult[]> {
  const results: PolicyCheckResult[] = [];
  for (const item of cases) {
    let decision: PolicyDecision;
    try {
      decision = await checkEndRequest(item.messages, {
        conversationId: item.id,
        signalReader: options.signalReader,
        clock: options.clock ?? systemClock,
        generateId: options.generateId ?? randomId,
        ...(options.config ? { config: options.config } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if (error instanceof InvalidInputError) {
        throw new InvalidInputError(
          error.code,
          `${item.file}:${item.line}: conversation ${item.id}: ${error.message}`,
          {
            file: item.file,
            line: item.line,
            field: 'messages',
          },
        );
      }
      throw error;
    }
    results.push({
      id: item.id,
      file: item.file,
      line: item.line,
      outcome: decision.outcome,
      rule: decision.rule,
      trigger: decision.trigger,
      showCrisisResources: decision.showCrisisResources,
      reasons: decision.reasons,
      requestedReason: decision.requestedReason,
    });
  }
  return results;
}

import { ChatEngine } from '../../chat/chat-engine.js';
import { sequentialIds, steppingClock } from '../../core/clock.js';
import { type MessageNode, messageText } from '../../core/conversation/message.js';
import type { Ending } from '../../core/ending.js';
import type { LanguageModel } from '../../core/model.js';
import type { PolicyDecision } from '../../core/policy/policy-decision.js';
import type { SignalReader } from '../../core/policy/signals/conversation-signal.js';
import { ConversationStore } from '../../store/sqlite-store.js';
import { BenchChatModel, type BenchChatModelOptions } from './bench-chat-model.js';
import type { UserSimulator, VisibleExchange } from './user-simulator.js';

/** Why a dialogue stopped. */
export type DialogueStop = 'ending' | 'user-stop' | 'user-empty' | 'script-end' | 'max-turns';

/** What one user turn produced. */
export interface DialogueTurn {
  /** 1-based. */
  turn: number;
  userMessageId: string;
  /** The last node the turn stored. */
  leafId: string;
  decisions: PolicyDecision[];
  ending: Ending | null;
  /** The chat showed crisis resources during the turn. */
  crisisResources: boolean;
}

/** A finished dialogue: the path the chat stored, turn by turn, and why it stopped. */
export interface DialogueRun {
  path: MessageNode[];
  turns: DialogueTurn[];
  stop: DialogueStop;
  ending: Ending | null;
  /** The model under test's request that finally failed, if one did. */
  failure: unknown;
}

export interface RunDialogueOptions extends BenchChatModelOptions {
  /** The model under test (the run's cached, gated view of it). */
  model: LanguageModel;
  user: UserSimulator;
  maxTurns: number;
  temperature: number;
  maxTokens: number;
  /** The policy's signal reader (the chat's default: the rules). */
  signalReader: SignalReader;
}

const owner = 'bench';

/**
 * One conversation between a simulated user and the model under test, through the chat engine
 * of `bailkit chat`: its system prompt, the end_conversation tool, the policy with its signal
 * reader, and the ending kinds, in a private in-memory store. Ids and times are sequential, so
 * the same answers give the same record. It ends at the first ending the chat records, when the
 * user stops, or after `maxTurns` user turns.
 */
export async function runDialogue(options: RunDialogueOptions): Promise<DialogueRun> {
  const clock = steppingClock();
  const store = ConversationStore.inMemory({ clock, generateId: sequentialIds('m') });
  const model = new BenchChatModel(options.model, options);
  try {
    const engine = new ChatEngine({
      store,
      model,
      temperature: options.temperature,
      maxTokens: options.maxTokens,
      signalReader: options.signalReader,
      clock,
      generateId: sequentialIds('d'),
    });
    const conversation = store.createConversation(owner, { id: 'dialogue' });
    const turns: DialogueTurn[] = [];
    const exchanges: VisibleExchange[] = [];
    let stop: DialogueStop = 'max-turns';
    let ending: Ending | null = null;
    let leafId: string | null = null;
    for (let turn = 1; turn <= options.maxTurns; turn++) {
      const move = await options.user.next(turn, exchanges);
      if (move.kind === 'stop') {
        stop = move.reason;
        break;
      }
      const pending = engine.send(owner, conversation.id, {
        text: move.text,
        ...(leafId !== null ? { parentId: leafId } : {}),
      });
      let crisisResources = false;
      const result = await pending.run({
        onEvent: (event) => {
          if (event.type === 'crisis-resources') crisisResources = true;
        },
      });
      if (model.failure !== null) break;
      leafId = result.leafId;
      turns.push({
        turn,
        userMessageId: pending.parentId,
        leafId,
        decisions: result.decisions,
        ending: result.ending,
        crisisResources,
      });
      const path = store.path(owner, conversation.id, leafId);
      const at = path.findIndex((node) => node.id === pending.parentId);
      exchanges.push({ user: move.text, assistant: visibleText(path.slice(at + 1)) });
      if (result.ending !== null) {
        stop = 'ending';
        ending = result.ending;
        break;
      }
    }
    return {
      path: leafId === null ? [] : store.path(owner, conversation.id, leafId),
      turns,
      stop,
      ending,
      failure: model.failure,
    };
  } finally {
    store.close();
  }
}

/** What the user saw of the assistant's turn: its texts, one paragraph each. */
export function visibleText(nodes: readonly MessageNode[]): string {
  return nodes
    .filter((node) => node.role === 'assistant')
    .map((node) => messageText(node).trim())
    .filter((text) => text !== '')
    .join('\n\n');
}

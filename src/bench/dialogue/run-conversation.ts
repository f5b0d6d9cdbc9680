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

/** A rollback: more branches of the same conversation from a chosen user turn. */
export interface BranchOptions {
  /** Branches in all, the conversation as it ran included (1: no rollback). */
  count: number;
  /** The user turn (1-based) that is asked again for every further branch. */
  turn: number;
  /** Branch k's user simulator and seed (k ≥ 1): both answer anew from the branch turn on. */
  branch(k: number): { user: UserSimulator; seed: number };
}

/** Every branch of one conversation tree, the conversation as it ran first. */
export interface DialogueTree {
  branches: DialogueRun[];
  /** The request that finally failed, in any branch. */
  failure: unknown;
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
  const tree = await runDialogueTree(options);
  return tree.branches[0] as DialogueRun;
}

/**
 * A conversation and, with `branches`, its rollbacks: after the conversation has run, each
 * further branch goes back to the chosen user turn, asks the user simulator for that turn again
 * (a sibling in the conversation tree, as edit & retry makes one) and runs on from there with its
 * own seed, until its own end. Every branch is kept in the same tree. A conversation that ended
 * before the chosen turn has no branches.
 */
export async function runDialogueTree(
  options: RunDialogueOptions,
  branches?: BranchOptions,
): Promise<DialogueTree> {
  const clock = steppingClock();
  const store = ConversationStore.inMemory({ clock, generateId: sequentialIds('m') });
  const decisionIds = sequentialIds('d');
  try {
    const conversation = store.createConversation(owner, { id: 'dialogue' });
    const engine = (seed: number) => {
      const model = new BenchChatModel(options.model, { ...options, seed });
      const chat = new ChatEngine({
        store,
        model,
        temperature: options.temperature,
        maxTokens: options.maxTokens,
        signalReader: options.signalReader,
        clock,
        generateId: decisionIds,
      });
      return { chat, model };
    };
    const first = await runBranch(
      store,
      conversation.id,
      engine(options.seed),
      options.user,
      options.maxTurns,
      {
        turn: 1,
        parentId: undefined,
        turns: [],
        exchanges: [],
      },
    );
    const tree: DialogueTree = { branches: [first.run], failure: first.run.failure };
    const at = branches ? first.run.turns[branches.turn - 1] : undefined;
    if (!branches || tree.failure !== null || at === undefined) return tree;
    const parentId = store.getMessage(owner, conversation.id, at.userMessageId).parentId;
    for (let k = 1; k < branches.count; k++) {
      const { user, seed } = branches.branch(k);
      const next = await runBranch(store, conversation.id, engine(seed), user, options.maxTurns, {
        turn: branches.turn,
        parentId,
        turns: first.run.turns.slice(0, branches.turn - 1),
        exchanges: first.exchanges.slice(0, branches.turn - 1),
      });
      tree.branches.push(next.run);
      if (next.run.failure !== null) {
        tree.failure = next.run.failure;
        break;
      }
    }
    return tree;
  } finally {
    store.close();
  }
}

/** Runs a conversation on from `start` (turn 1 of a new conversation, or a branch point). */
async function runBranch(
  store: ConversationStore,
  conversationId: string,
  engine: { chat: ChatEngine; model: BenchChatModel },
  user: UserSimulator,
  maxTurns: number,
  start: {
    turn: number;
    parentId: string | null | undefined;
    turns: DialogueTurn[];
    exchanges: VisibleExchange[];
  },
): Promise<{ run: DialogueRun; exchanges: VisibleExchange[] }> {
  const turns = [...start.turns];
  const exchanges = [...start.exchanges];
  let stop: DialogueStop = 'max-turns';
  let ending: Ending | null = null;
  let parentId = start.parentId;
  let leafId: string | null = turns.at(-1)?.leafId ?? null;
  for (let turn = start.turn; turn <= maxTurns; turn++) {
    const move = await user.next(turn, exchanges);
    if (move.kind === 'stop') {
      stop = move.reason;
      break;
    }
    const pending = engine.chat.send(owner, conversationId, {
      text: move.text,
      ...(parentId !== undefined ? { parentId } : {}),
    });
    let crisisResources = false;
    const result = await pending.run({
      onEvent: (event) => {
        if (event.type === 'crisis-resources') crisisResources = true;
      },
    });
    if (engine.model.failure !== null) break;
    leafId = result.leafId;
    parentId = leafId;
    turns.push({
      turn,
      userMessageId: pending.parentId,
      leafId,
      decisions: result.decisions,
      ending: result.ending,
      crisisResources,
    });
    const path = store.path(owner, conversationId, leafId);
    const at = path.findIndex((node) => node.id === pending.parentId);
    exchanges.push({ user: move.text, assistant: visibleText(path.slice(at + 1)) });
    if (result.ending !== null) {
      stop = 'ending';
      ending = result.ending;
      break;
    }
  }
  return {
    run: {
      path: leafId === null ? [] : store.path(owner, conversationId, leafId),
      turns,
      stop,
      ending,
      failure: engine.model.failure,
    },
    exchanges,
  };
}

/** What the user saw of the assistant's turn: its texts, one paragraph each. */
export function visibleText(nodes: readonly MessageNode[]): string {
  return nodes
    .filter((node) => node.role === 'assistant')
    .map((node) => messageText(node).trim())
    .filter((text) => text !== '')
    .join('\n\n');
}

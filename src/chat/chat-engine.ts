import { type Clock, type IdGenerator, randomId, systemClock } from '../core/clock.js';
import type { MessageNode } from '../core/conversation/message.js';
import { endingClosesBranch } from '../core/ending.js';
import { ConversationEndedError } from '../core/errors/conversation-ended-error.js';
import { InvalidInputError } from '../core/errors/invalid-input-error.js';
import type { LanguageModel } from '../core/model.js';
import {
  defaultPolicyConfig,
  type EndConversationPolicyConfig,
} from '../core/policy/end-conversation-policy.js';
import type { SignalReader } from '../core/policy/signals/conversation-signal.js';
import { RuleSignalReader } from '../core/policy/signals/rule-signal-reader.js';
import type { ConversationStore } from '../store/sqlite-store.js';
import type { ChatEvent, ChatEventListener } from './chat-event.js';
import { LiveTurn, stoppedByUser } from './live-turn.js';
import { runTurn, type TurnResult } from './run-turn.js';
import { buildSystemPrompt, defaultBasePrompt } from './system-prompt.js';

export const defaultCrisisResources =
  'If you are in immediate danger, call your local emergency number now. You can reach a crisis line any time: in the US, call or text 988 (Suicide & Crisis Lifeline); in the UK and Ireland, call Samaritans on 116 123; elsewhere, https://findahelpline.com lists local helplines.';

export interface ChatEngineOptions {
  store: ConversationStore;
  model: LanguageModel;
  /** The deployment's own instructions; the end-conversation instructions are added after it. */
  basePrompt?: string;
  policy?: Partial<EndConversationPolicyConfig>;
  /** Reads the conversation's signals (risk, redirects, requests to end); the rules when absent. */
  signalReader?: SignalReader;
  /** Shown in the crisis-resources panel when the risk exemption fires. */
  crisisResources?: string;
  /** Model calls allowed in one turn after the first, each answering a refused tool call. Default 2. */
  maxToolRounds?: number;
  temperature?: number;
  maxTokens?: number;
  clock?: Clock;
  generateId?: IdGenerator;
}

/** A turn whose user-side change is stored and checked; `run` streams the model's answer. */
export interface PendingTurn {
  conversationId: string;
  /** The node the model answers below. */
  parentId: string;
  /** Events produced while preparing (the stored user message), to be sent before any other. */
  initialEvents: ChatEvent[];
  run(options: { onEvent: ChatEventListener }): Promise<TurnResult>;
}

const maxTitleLength = 80;

/**
 * The chat engine: sending, editing and retrying user messages, regenerating answers, and running
 * the model's turn with the end-conversation policy. No HTTP here; a server (or a script) calls
 * these methods with the owner's id. Every method checks what it can before anything streams, so
 * a refused request (unknown id, a message below an ending) fails at once and stores nothing.
 */
export class ChatEngine {
  readonly store: ConversationStore;
  readonly model: LanguageModel;
  readonly policy: EndConversationPolicyConfig;
  readonly systemPrompt: string;
  readonly crisisResources: string;
  readonly #signalReader: SignalReader;
  readonly #maxToolRounds: number;
  readonly #temperature: number | undefined;
  readonly #maxTokens: number | undefined;
  readonly #clock: Clock;
  readonly #generateId: IdGenerator;
  /** One per running turn, each with its own abort controller (a shared signal would collect a listener per model call). */
  readonly #live = new Set<LiveTurn>();
  #closing = false;
  readonly #running = new Set<Promise<unknown>>();

  constructor(options: ChatEngineOptions) {
    this.store = options.store;
    this.model = options.model;
    this.policy = { ...defaultPolicyConfig, ...options.policy };
    // A model that cannot call tools is not told about one.
    this.systemPrompt = buildSystemPrompt(options.basePrompt ?? defaultBasePrompt, {
      ...this.policy,
      enabled: this.policy.enabled && options.model.capabilities.tools,
    });
    this.crisisResources = options.crisisResources ?? defaultCrisisResources;
    this.#signalReader = options.signalReader ?? new RuleSignalReader();
    this.#maxToolRounds = options.maxToolRounds ?? 2;
    this.#temperature = options.temperature;
    this.#maxTokens = options.maxTokens;
    this.#clock = options.clock ?? systemClock;
    this.#generateId = options.generateId ?? randomId;
  }

  /**
   * Stores a user message below `parentId` (the leaf the user sees), or below the active leaf when
   * absent, and prepares the answer. Refused with APPEND_BELOW_ENDING below an ended node.
   */
  send(
    ownerId: string,
    conversationId: string,
    input: { text: string; parentId?: string | null },
  ): PendingTurn {
    const conversation = this.store.getConversation(ownerId, conversationId);
    const message = { role: 'user' as const, content: input.text };
    const node =
      input.parentId === undefined
        ? this.store.appendToActive(ownerId, conversationId, message)
        : this.store.append(ownerId, conversationId, input.parentId, message);
    if (conversation.title === null) {
      this.store.renameConversation(ownerId, conversationId, titleFrom(input.text));
    }
    return this.#pending(ownerId, conversationId, node.id, [{ type: 'user-message', message: node }]);
  }

  /** Edit & retry: a new version of a user message (a sibling), which starts a new, open branch. */
  editAndRetry(ownerId: string, conversationId: string, userMessageId: string, text: string): PendingTurn {
    const node = this.store.editUserMessage(ownerId, conversationId, userMessageId, { content: text });
    return this.#pending(ownerId, conversationId, node.id, [{ type: 'user-message', message: node }]);
  }

  /**
   * A new version of an assistant message: the model answers again below the same parent. Also
   * the way to retry after a failed generation (the failed turn stays, as an earlier version).
   */
  regenerate(ownerId: string, conversationId: string, assistantMessageId: string): PendingTurn {
    const message = this.store.getMessage(ownerId, conversationId, assistantMessageId);
    if (message.role !== 'assistant' || message.parentId === null) {
      throw new InvalidInputError(
        'WRONG_ROLE_FOR_OPERATION',
        `Only assistant messages can be regenerated; ${assistantMessageId} is a ${message.role} message.`,
        { messageId: assistantMessageId, role: message.role },
      );
    }
    return this.#pending(ownerId, conversationId, message.parentId, []);
  }

  /** Answers a user message that has no answer yet (for example after the server was restarted). */
  reply(ownerId: string, conversationId: string, messageId: string): PendingTurn {
    const message = this.store.getMessage(ownerId, conversationId, messageId);
    if (message.role !== 'user' && message.role !== 'tool') {
      throw new InvalidInputError(
        'WRONG_ROLE_FOR_OPERATION',
        `Only a user or tool message can be answered; ${messageId} is a ${message.role} message.`,
        { messageId, role: message.role },
      );
    }
    this.#assertOpen(ownerId, message);
    return this.#pending(ownerId, conversationId, message.id, []);
  }

  /** Whether the model is answering below `nodeId` right now (or stored it during the running turn). */
  isGenerating(conversationId: string, nodeId: string): boolean {
    return this.#liveAt(conversationId, nodeId) !== undefined;
  }

  /**
   * Joins the turn answering below `nodeId` (after a reload, or from another tab): replays what
   * it reported so far, then follows it. Returns null when no turn runs there; otherwise a
   * function that stops following. `onEnd` is called when the turn is over.
   */
  watch(
    ownerId: string,
    conversationId: string,
    nodeId: string,
    onEvent: ChatEventListener,
    onEnd: () => void,
  ): (() => void) | null {
    this.store.getMessage(ownerId, conversationId, nodeId);
    const live = this.#liveAt(conversationId, nodeId, ownerId);
    return live ? live.watch(onEvent, onEnd) : null;
  }

  /**
   * Stops the turn answering below `nodeId`: the model call is aborted, and the text so far is
   * stored, marked `stopped`. Returns whether a turn was running there.
   */
  stop(ownerId: string, conversationId: string, nodeId: string): boolean {
    this.store.getMessage(ownerId, conversationId, nodeId);
    const live = this.#liveAt(conversationId, nodeId, ownerId);
    live?.controller.abort(stoppedByUser);
    return live !== undefined;
  }

  #liveAt(conversationId: string, nodeId: string, ownerId?: string): LiveTurn | undefined {
    for (const live of this.#live) {
      if (live.conversationId !== conversationId || (ownerId !== undefined && live.ownerId !== ownerId))
        continue;
      if (live.answers(nodeId)) return live;
    }
    return undefined;
  }

  /** Turns running now, across all conversations. */
  get runningTurns(): number {
    return this.#running.size;
  }

  /** Stops every running turn (their text so far is stored, marked interrupted) and waits for them. */
  async close(): Promise<void> {
    this.#closing = true;
    for (const live of this.#live) live.controller.abort();
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  #assertOpen(ownerId: string, message: MessageNode): void {
    const ending = this.store.endingAt(ownerId, message.conversationId, message.id);
    if (ending !== null && endingClosesBranch[ending.kind])
      throw new ConversationEndedError(message.conversationId, message.id, ending.kind);
  }

  #pending(
    ownerId: string,
    conversationId: string,
    parentId: string,
    initialEvents: ChatEvent[],
  ): PendingTurn {
    let started = false;
    return {
      conversationId,
      parentId,
      initialEvents,
      run: ({ onEvent }) => {
        if (started) throw new InvalidInputError('INVALID_ARGUMENT', 'A pending turn can run only once.');
        started = true;
        const live = new LiveTurn(ownerId, conversationId, parentId);
        if (this.#closing) live.controller.abort();
        for (const event of initialEvents) live.record(event);
        this.#live.add(live);
        const emit = (event: ChatEvent) => {
          live.record(event);
          onEvent(event);
        };
        const turn = this.#track(() =>
          runTurn(
            {
              store: this.store,
              model: this.model,
              ownerId,
              conversationId,
              settings: {
                system: this.systemPrompt,
                offerEndTool: this.policy.enabled,
                ...(this.#temperature !== undefined ? { temperature: this.#temperature } : {}),
                ...(this.#maxTokens !== undefined ? { maxTokens: this.#maxTokens } : {}),
              },
              policy: this.policy,
              signalReader: this.#signalReader,
              crisisResources: this.crisisResources,
              maxToolRounds: this.#maxToolRounds,
              clock: this.#clock,
              generateId: this.#generateId,
              signal: live.controller.signal,
              emit,
            },
            parentId,
          ),
        ).finally(() => {
          this.#live.delete(live);
          live.end();
        });
        return turn;
      },
    };
  }

  #track<T>(work: () => Promise<T>): Promise<T> {
    const promise = work().finally(() => {
      this.#running.delete(promise);
    });
    this.#running.add(promise);
    return promise;
  }
}

function titleFrom(text: string): string {
  const line = text.trim().replace(/\s+/g, ' ');
  return line.length > maxTitleLength ? `${line.slice(0, maxTitleLength - 1)}…` : line;
}

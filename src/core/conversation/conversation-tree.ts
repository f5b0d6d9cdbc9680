import { type Clock, type IdGenerator, randomId, systemClock } from '../clock.js';
import { type Ending, endingClosesBranch, type NewEnding } from '../ending.js';
import { ConversationEndedError } from '../errors/conversation-ended-error.js';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { type MessageNode, type NewMessage, normalizeMessage } from './message.js';

export interface ConversationTreeOptions {
  id?: string;
  clock?: Clock;
  generateId?: IdGenerator;
}

/** Where a node stands among its siblings: "2 of 3" is `{ index: 2, count: 3 }`. */
export interface SiblingPosition {
  index: number;
  count: number;
  ids: string[];
}

export interface ConversationSnapshot {
  id: string;
  messages: MessageNode[];
  endings: Ending[];
  activeLeafId: string | null;
}

/**
 * A conversation as a tree of messages. Editing a user message or regenerating an assistant
 * message adds a sibling, so every version is kept and each leaf is one branch.
 *
 * Invariants (checked by property tests, and again by the SQLite store):
 * - every node's parent exists and belongs to this conversation;
 * - nothing lies below a node that has an ending;
 * - the active leaf, when set, is a node of this tree.
 */
export class ConversationTree {
  readonly id: string;
  readonly #clock: Clock;
  readonly #generateId: IdGenerator;
  readonly #nodes = new Map<string, MessageNode>();
  readonly #children = new Map<string | null, string[]>([[null, []]]);
  readonly #endings = new Map<string, Ending>();
  #activeLeafId: string | null = null;

  constructor(options: ConversationTreeOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#generateId = options.generateId ?? randomId;
    this.id = options.id ?? this.#generateId();
  }

  static fromSnapshot(snapshot: ConversationSnapshot, options: Omit<ConversationTreeOptions, 'id'> = {}) {
    const tree = new ConversationTree({ ...options, id: snapshot.id });
    // Creation order keeps siblings in order; a parent always goes in before its children, even
    // when timestamps disagree (a clock that went backwards).
    let pending = [...snapshot.messages].sort((a, b) => a.createdAt - b.createdAt);
    while (pending.length > 0) {
      const deferred: MessageNode[] = [];
      for (const node of pending) {
        if (node.parentId === null || tree.has(node.parentId)) tree.#insert(node);
        else deferred.push(node);
      }
      if (deferred.length === pending.length) {
        const orphan = deferred[0] as MessageNode;
        throw new NotFoundError('parent message', orphan.parentId ?? '', { messageId: orphan.id });
      }
      pending = deferred;
    }
    for (const ending of snapshot.endings) tree.#attachEnding(ending, 'snapshot');
    if (snapshot.activeLeafId !== null) tree.setActiveLeaf(snapshot.activeLeafId);
    return tree;
  }

  get activeLeafId(): string | null {
    return this.#activeLeafId;
  }

  get size(): number {
    return this.#nodes.size;
  }

  /** Adds a message below `parentId` (`null` for a root) and makes it the active leaf. */
  append(parentId: string | null, message: NewMessage): MessageNode {
    if (parentId !== null) this.#assertOpen(parentId);
    const normalized = normalizeMessage(message);
    const node: MessageNode = {
      id: this.#generateId(),
      conversationId: this.id,
      parentId,
      role: normalized.role,
      content: normalized.content,
      metadata: normalized.metadata,
      createdAt: this.#clock.now(),
    };
    this.#insert(node);
    this.#activeLeafId = node.id;
    return node;
  }

  /** Appends below the active leaf (or as the first root). */
  appendToActive(message: NewMessage): MessageNode {
    return this.append(this.#activeLeafId, message);
  }

  /** Edit & retry: a new version of a user message, as its sibling, which opens a new branch. */
  editUserMessage(messageId: string, message: Omit<NewMessage, 'role'>): MessageNode {
    const original = this.get(messageId);
    if (original.role !== 'user') {
      throw new InvalidInputError(
        'WRONG_ROLE_FOR_OPERATION',
        `Only user messages can be edited; ${messageId} is a ${original.role} message.`,
        { messageId, role: original.role },
      );
    }
    return this.append(original.parentId, { ...message, role: 'user' });
  }

  /** A new version of an assistant message, as its sibling. */
  regenerate(messageId: string, message: Omit<NewMessage, 'role'>): MessageNode {
    const original = this.get(messageId);
    if (original.role !== 'assistant') {
      throw new InvalidInputError(
        'WRONG_ROLE_FOR_OPERATION',
        `Only assistant messages can be regenerated; ${messageId} is a ${original.role} message.`,
        { messageId, role: original.role },
      );
    }
    return this.append(original.parentId, { ...message, role: 'assistant' });
  }

  /** Attaches an ending to a node that has nothing below it. */
  end(nodeId: string, ending: NewEnding): Ending {
    this.get(nodeId);
    const record: Ending = {
      id: this.#generateId(),
      conversationId: this.id,
      nodeId,
      kind: ending.kind,
      source: ending.source,
      reason: ending.reason ?? null,
      decisionId: 'decisionId' in ending ? (ending.decisionId ?? null) : null,
      createdAt: this.#clock.now(),
    };
    this.#attachEnding(record, 'new');
    return record;
  }

  has(id: string): boolean {
    return this.#nodes.has(id);
  }

  get(id: string): MessageNode {
    const node = this.#nodes.get(id);
    if (!node) throw new NotFoundError('message', id, { conversationId: this.id });
    return node;
  }

  /** Children of a node in the order they were added; `null` gives the roots. */
  children(parentId: string | null): MessageNode[] {
    if (parentId !== null) this.get(parentId);
    return (this.#children.get(parentId) ?? []).map((id) => this.get(id));
  }

  siblings(id: string): SiblingPosition {
    const node = this.get(id);
    const ids = [...(this.#children.get(node.parentId) ?? [])];
    return { index: ids.indexOf(id) + 1, count: ids.length, ids };
  }

  /** Messages from the root to `leafId` (default: the active leaf), root first. */
  path(leafId: string | null = this.#activeLeafId): MessageNode[] {
    const path: MessageNode[] = [];
    for (let id = leafId; id !== null; ) {
      const node = this.get(id);
      path.push(node);
      id = node.parentId;
    }
    return path.reverse();
  }

  /**
   * Makes the branch through `nodeId` active. A node with children is followed down to the
   * newest leaf below it, which is what a UI wants after "‹ i / n ›".
   */
  setActiveLeaf(nodeId: string): MessageNode {
    const leaf = this.newestLeafBelow(nodeId);
    this.#activeLeafId = leaf.id;
    return leaf;
  }

  newestLeafBelow(nodeId: string): MessageNode {
    let node = this.get(nodeId);
    for (
      let kids = this.#children.get(node.id);
      kids && kids.length > 0;
      kids = this.#children.get(node.id)
    ) {
      node = this.get(kids[kids.length - 1] as string);
    }
    return node;
  }

  endingAt(nodeId: string): Ending | null {
    this.get(nodeId);
    return this.#endings.get(nodeId) ?? null;
  }

  /** True when a message may be added below `nodeId`: it has no ending that closes the branch. */
  isOpen(nodeId: string): boolean {
    const ending = this.endingAt(nodeId);
    return ending === null || !endingClosesBranch[ending.kind];
  }

  messages(): MessageNode[] {
    return [...this.#nodes.values()];
  }

  endings(): Ending[] {
    return [...this.#endings.values()];
  }

  toSnapshot(): ConversationSnapshot {
    return {
      id: this.id,
      messages: this.messages().map((node) => structuredClone(node)),
      endings: this.endings().map((ending) => ({ ...ending })),
      activeLeafId: this.#activeLeafId,
    };
  }

  #assertOpen(nodeId: string): void {
    const node = this.get(nodeId);
    const ending = this.#endings.get(node.id);
    if (ending && endingClosesBranch[ending.kind])
      throw new ConversationEndedError(this.id, node.id, ending.kind);
  }

  #insert(node: MessageNode): void {
    if (node.conversationId !== this.id) {
      throw new InvalidInputError(
        'PARENT_IN_OTHER_CONVERSATION',
        `Message ${node.id} belongs to conversation ${node.conversationId}, not ${this.id}.`,
        { messageId: node.id, conversationId: node.conversationId },
      );
    }
    if (node.parentId !== null) {
      if (!this.#nodes.has(node.parentId)) throw new NotFoundError('parent message', node.parentId);
      this.#assertOpen(node.parentId);
    }
    this.#nodes.set(node.id, node);
    this.#children.set(node.id, []);
    this.#children.get(node.parentId)?.push(node.id);
  }

  /**
   * A new ending goes on a leaf. A snapshot may hold a reply below an ending that does not close
   * its branch (the user wrote on after a stopped reply), never below one that does.
   */
  #attachEnding(ending: Ending, from: 'new' | 'snapshot'): void {
    const node = this.get(ending.nodeId);
    const existing = this.#endings.get(node.id);
    if (existing) {
      throw new InvalidInputError(
        'ALREADY_ENDED',
        `Message ${node.id} already has an ending (${existing.kind}).`,
        {
          messageId: node.id,
        },
      );
    }
    const leafOnly = from === 'new' || endingClosesBranch[ending.kind];
    if (leafOnly && (this.#children.get(node.id) ?? []).length > 0) {
      throw new InvalidInputError(
        'ENDING_NOT_AT_LEAF',
        `Message ${node.id} has replies below it; an ending can only be attached to the last message of a branch.`,
        { messageId: node.id },
      );
    }
    this.#endings.set(node.id, ending);
  }
}

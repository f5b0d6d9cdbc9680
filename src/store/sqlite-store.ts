import type Database from 'better-sqlite3';
import { type Clock, type IdGenerator, systemClock } from '../core/clock.js';
import {
  type ConversationSnapshot,
  ConversationTree,
  type SiblingPosition,
} from '../core/conversation/conversation-tree.js';
import type { MessageNode, NewMessage } from '../core/conversation/message.js';
import type { Ending, NewEnding } from '../core/ending.js';
import { InvalidInputError } from '../core/errors/invalid-input-error.js';
import { NotFoundError } from '../core/errors/not-found-error.js';
import type { Feedback, NewFeedback } from '../core/feedback/feedback.js';
import type { PolicyDecision } from '../core/policy/policy-decision.js';
import {
  EndingHooks,
  type EndingListener,
  type HookErrorContext,
  type HookErrorHandler,
} from './ending-hooks.js';
import { checkIntegrity, type IntegrityReport } from './integrity.js';
import { runMigrations } from './migrate.js';
import { memoryPath, type OpenDatabaseOptions, openDatabase } from './open-database.js';
import { pathFromRows } from './path-rows.js';
import { addFeedback, insertDecision } from './records.js';
import {
  type ConversationRecord,
  type ConversationRow,
  toConversation,
  toDecision,
  toEnding,
  toFeedback,
  toMessage,
} from './rows.js';
import { importSnapshot, type SnapshotImportOptions } from './snapshot-import.js';
import { translateSqliteError } from './sqlite-errors.js';
import { type MessageWithEnding, prepareStatements, type Statements } from './statements.js';
import { StoreError } from './store-error.js';
import { timeOrderedId } from './time-ordered-id.js';
import { appendMessage, insertEnding } from './tree-writes.js';
import { checkId, checkTitle, type NewPolicyDecision } from './validate.js';

export interface ConversationStoreOptions extends OpenDatabaseOptions {
  /** A file path, or `:memory:` (tests only: nothing is shared or kept). */
  path: string;
  clock?: Clock;
  /** Ids for conversations, messages, endings, decisions, feedback. Default: UUID v7 (time-ordered). */
  generateId?: IdGenerator;
  /** Receives errors thrown by `onEnding` listeners. Without it they are kept in `hookErrors`. */
  onHookError?: HookErrorHandler;
}

export interface NewConversation {
  /** An id of the caller's choosing; generated when absent. */
  id?: string;
  title?: string | null;
}

export interface ListOptions {
  limit?: number;
  offset?: number;
}

/**
 * Conversations, messages, endings, policy decisions and feedback in one SQLite file.
 *
 * Every method takes the owner's id and sees only that owner's rows: another owner's
 * conversation is "not found", exactly like one that does not exist. Writes run in IMMEDIATE
 * transactions that re-check the tree rules (parent exists and is in the same conversation,
 * nothing below an ending), so concurrent writers from other processes cannot break them, and
 * a refused write leaves nothing behind.
 */
export class ConversationStore {
  readonly location: string;
  readonly schemaVersion: number;
  readonly #db: Database.Database;
  readonly #s: Statements;
  readonly #clock: Clock;
  readonly #generateId: IdGenerator;
  readonly #hooks: EndingHooks;
  readonly #write: Database.Transaction<(fn: () => unknown) => unknown>;
  #closed = false;

  constructor(options: ConversationStoreOptions) {
    this.location = options.path;
    this.#clock = options.clock ?? systemClock;
    this.#generateId = options.generateId ?? timeOrderedId;
    this.#hooks = new EndingHooks(options.onHookError);
    this.#db = openDatabase(options.path, options);
    try {
      this.schemaVersion = runMigrations(this.#db, this.#clock, undefined, options.path);
      this.#s = prepareStatements(this.#db);
    } catch (error) {
      this.#db.close();
      throw translateSqliteError(error, options.path);
    }
    this.#write = this.#db.transaction((fn: () => unknown) => fn());
  }

  static open(path: string, options: Omit<ConversationStoreOptions, 'path'> = {}): ConversationStore {
    return new ConversationStore({ ...options, path });
  }

  /** A private in-memory store, for tests. */
  static inMemory(options: Omit<ConversationStoreOptions, 'path'> = {}): ConversationStore {
    return new ConversationStore({ ...options, path: memoryPath });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }

  // Conversations

  createConversation(ownerId: string, input: NewConversation = {}): ConversationRecord {
    return this.#run(() => {
      checkId(ownerId, 'ownerId');
      const id = input.id === undefined ? this.#generateId() : checkId(input.id, 'id');
      const title = checkTitle(input.title);
      const now = this.#clock.now();
      this.#s.insertConversation.run(id, ownerId, title, now, now);
      return { id, ownerId, title, createdAt: now, updatedAt: now, activeLeafId: null };
    });
  }

  /** The owner's conversations, most recently active first. */
  listConversations(ownerId: string, options: ListOptions = {}): ConversationRecord[] {
    return this.#run(() => {
      checkId(ownerId, 'ownerId');
      const limit = clampInt(options.limit ?? 50, 1, 1000);
      const offset = clampInt(options.offset ?? 0, 0, Number.MAX_SAFE_INTEGER);
      return this.#s.listConversations.all(ownerId, limit, offset).map(toConversation);
    });
  }

  getConversation(ownerId: string, conversationId: string): ConversationRecord {
    return this.#run(() => toConversation(this.#conversation(ownerId, conversationId)));
  }

  renameConversation(ownerId: string, conversationId: string, title: string | null): ConversationRecord {
    return this.#transaction(() => {
      const conv = this.#conversation(ownerId, conversationId);
      const checked = checkTitle(title);
      const now = this.#now(conv);
      this.#s.renameConversation.run(checked, now, conv.id);
      return { ...toConversation(conv), title: checked, updatedAt: now };
    });
  }

  /** Deletes the conversation with its messages, endings, decisions and feedback. */
  deleteConversation(ownerId: string, conversationId: string): void {
    this.#transaction(() => {
      const conv = this.#conversation(ownerId, conversationId);
      this.#s.deleteConversation.run(conv.id);
    });
  }

  // Messages

  /** Adds a message below `parentId` (`null` for a root) and makes it the active leaf. */
  append(ownerId: string, conversationId: string, parentId: string | null, message: NewMessage): MessageNode {
    return this.#transaction(() => {
      const conv = this.#conversation(ownerId, conversationId);
      return this.#appendIn(conv, parentId === null ? null : checkId(parentId, 'parentId'), message);
    });
  }

  /** Appends below the active leaf, read in the same transaction (or as the first root). */
  appendToActive(ownerId: string, conversationId: string, message: NewMessage): MessageNode {
    return this.#transaction(() => {
      const conv = this.#conversation(ownerId, conversationId);
      return this.#appendIn(conv, conv.active_leaf_id, message);
    });
  }

  /** Edit & retry: a new version of a user message, as its sibling, which opens a new branch. */
  editUserMessage(
    ownerId: string,
    conversationId: string,
    messageId: string,
    message: Omit<NewMessage, 'role'>,
  ): MessageNode {
    return this.#newVersion(ownerId, conversationId, messageId, message, 'user');
  }

  /** A new version of an assistant message, as its sibling. */
  regenerate(
    ownerId: string,
    conversationId: string,
    messageId: string,
    message: Omit<NewMessage, 'role'>,
  ): MessageNode {
    return this.#newVersion(ownerId, conversationId, messageId, message, 'assistant');
  }

  getMessage(ownerId: string, conversationId: string, messageId: string): MessageNode {
    return this.#run(() => {
      const conv = this.#conversation(ownerId, conversationId);
      return toMessage(this.#message(conv.id, messageId));
    });
  }

  /** Messages from the root to `leafId` (default: the active leaf), root first. */
  path(ownerId: string, conversationId: string, leafId?: string | null): MessageNode[] {
    return this.#run(() => {
      const conv = this.#conversation(ownerId, conversationId);
      const leaf = leafId === undefined ? conv.active_leaf_id : leafId;
      if (leaf === null) return [];
      const rows = this.#s.path.all({ leafId: checkId(leaf, 'leafId'), conversationId: conv.id });
      if (rows.length === 0) throw new NotFoundError('message', leaf, { conversationId: conv.id });
      return pathFromRows(rows, conv.id, this.location);
    });
  }

  /** Children of a node in the order they were added; `null` gives the roots. */
  children(ownerId: string, conversationId: string, parentId: string | null): MessageNode[] {
    return this.#run(() => {
      const conv = this.#conversation(ownerId, conversationId);
      if (parentId === null) return this.#s.roots.all(conv.id).map(toMessage);
      this.#message(conv.id, parentId);
      return this.#s.children.all(conv.id, parentId).map(toMessage);
    });
  }

  /** Where a message stands among its versions: "2 of 3" is `{ index: 2, count: 3 }`. */
  siblings(ownerId: string, conversationId: string, messageId: string): SiblingPosition {
    return this.#run(() => {
      const conv = this.#conversation(ownerId, conversationId);
      const node = this.#message(conv.id, messageId);
      const ids =
        node.parent_id === null
          ? this.#s.rootIds.all(conv.id)
          : this.#s.childIds.all(conv.id, node.parent_id);
      return { index: ids.indexOf(node.id) + 1, count: ids.length, ids };
    });
  }

  /** Makes the branch through `nodeId` active, following it down to the newest leaf below. */
  setActiveLeaf(ownerId: string, conversationId: string, nodeId: string): MessageNode {
    return this.#transaction(() => {
      const conv = this.#conversation(ownerId, conversationId);
      let leafId = this.#message(conv.id, nodeId).id;
      for (let next = this.#s.newestChild.get(conv.id, leafId); next !== undefined; ) {
        leafId = next;
        next = this.#s.newestChild.get(conv.id, leafId);
      }
      this.#s.setActiveLeaf.run(leafId, conv.id);
      return toMessage(this.#message(conv.id, leafId));
    });
  }

  // Endings

  /**
   * Attaches an ending to a message with nothing below it, at most once. Listeners registered
   * with `onEnding` are called after the transaction has committed.
   */
  recordEnding(ownerId: string, conversationId: string, nodeId: string, ending: NewEnding): Ending {
    const record = this.#transaction(() => {
      const conv = this.#conversation(ownerId, conversationId);
      return insertEnding(this.#s, conv, this.#message(conv.id, nodeId), ending, () => ({
        id: this.#generateId(),
        createdAt: this.#now(conv),
      }));
    });
    this.#hooks.emit({ ownerId, ending: record });
    return record;
  }

  endingAt(ownerId: string, conversationId: string, nodeId: string): Ending | null {
    return this.#run(() => {
      const conv = this.#conversation(ownerId, conversationId);
      this.#message(conv.id, nodeId);
      const row = this.#s.endingAt.get(nodeId, conv.id);
      return row ? toEnding(row) : null;
    });
  }

  listEndings(ownerId: string, conversationId: string): Ending[] {
    return this.#run(() => this.#s.endings.all(this.#conversation(ownerId, conversationId).id).map(toEnding));
  }

  /** Calls `listener` after every committed ending, of every kind. Returns an unsubscribe function. */
  onEnding(listener: EndingListener): () => void {
    return this.#hooks.add(listener);
  }

  /** Resolves when every ending listener started so far has finished. */
  settleHooks(): Promise<void> {
    return this.#hooks.settled();
  }

  /** Listener failures, when no `onHookError` was given (the newest 100). */
  get hookErrors(): readonly { error: unknown; context: HookErrorContext }[] {
    return this.#hooks.errors;
  }

  // Policy decisions and feedback

  recordDecision(ownerId: string, decision: NewPolicyDecision): PolicyDecision {
    return this.#transaction(() => {
      const conv = this.#conversation(ownerId, decision?.conversationId);
      return insertDecision(this.#s, conv.id, decision, () => this.#generateId(), this.#now(conv));
    });
  }

  listDecisions(ownerId: string, conversationId: string): PolicyDecision[] {
    return this.#run(() =>
      this.#s.decisions.all(this.#conversation(ownerId, conversationId).id).map(toDecision),
    );
  }

  /** Thumbs on an assistant message, or text about an ending. Every call adds a row. */
  addFeedback(ownerId: string, conversationId: string, feedback: NewFeedback): Feedback {
    return this.#transaction(() => {
      const conv = this.#conversation(ownerId, conversationId);
      return addFeedback(this.#s, conv.id, feedback, () => this.#generateId(), this.#now(conv));
    });
  }

  /** Takes back the user's ratings of a message (thumbs pressed again). Returns how many went. */
  withdrawRating(ownerId: string, conversationId: string, messageId: string): number {
    return this.#transaction(() => {
      const conv = this.#conversation(ownerId, conversationId);
      this.#message(conv.id, messageId);
      return this.#s.deleteRatings.run(conv.id, messageId).changes;
    });
  }

  listFeedback(ownerId: string, conversationId: string): Feedback[] {
    return this.#run(() =>
      this.#s.feedback.all(this.#conversation(ownerId, conversationId).id).map(toFeedback),
    );
  }

  // Whole trees

  /**
   * The conversation as a core `ConversationTree`, detached: changes to it are not saved.
   * Ids and times for it come from the store's generators unless others are given.
   */
  loadTree(
    ownerId: string,
    conversationId: string,
    options: { clock?: Clock; generateId?: IdGenerator } = {},
  ): ConversationTree {
    return this.#run(() => {
      const conv = this.#conversation(ownerId, conversationId);
      const read = this.#db.transaction(
        (): ConversationSnapshot => ({
          id: conv.id,
          messages: this.#s.allMessages.all(conv.id).map(toMessage),
          endings: this.#s.endings.all(conv.id).map(toEnding),
          activeLeafId: this.#conversation(ownerId, conv.id).active_leaf_id,
        }),
      );
      return ConversationTree.fromSnapshot(read.deferred(), {
        clock: options.clock ?? this.#clock,
        generateId: options.generateId ?? this.#generateId,
      });
    });
  }

  /** Stores a whole tree (for example from `ConversationTree.toSnapshot()`) in one transaction. */
  importSnapshot(ownerId: string, snapshot: ConversationSnapshot, options: SnapshotImportOptions = {}) {
    return this.#transaction(() =>
      importSnapshot(this.#s, checkId(ownerId, 'ownerId'), snapshot, options, this.#clock.now()),
    );
  }

  /** SQLite's own checks plus the tree rules, over the whole file. */
  checkIntegrity(): IntegrityReport {
    return this.#run(() => checkIntegrity(this.#db));
  }

  // Internals

  #newVersion(
    ownerId: string,
    conversationId: string,
    messageId: string,
    message: Omit<NewMessage, 'role'>,
    role: 'user' | 'assistant',
  ): MessageNode {
    return this.#transaction(() => {
      const conv = this.#conversation(ownerId, conversationId);
      const original = this.#message(conv.id, messageId);
      if (original.role !== role) {
        const verb = role === 'user' ? 'edited' : 'regenerated';
        throw new InvalidInputError(
          'WRONG_ROLE_FOR_OPERATION',
          `Only ${role} messages can be ${verb}; ${messageId} is a ${original.role} message.`,
          { messageId, role: original.role },
        );
      }
      return this.#appendIn(conv, original.parent_id, { ...objectOrEmpty(message), role } as NewMessage);
    });
  }

  /** The append itself; runs inside the caller's IMMEDIATE transaction. */
  #appendIn(conv: ConversationRow, parentId: string | null, message: NewMessage): MessageNode {
    return appendMessage(this.#s, conv, parentId, message, () => ({
      id: this.#generateId(),
      createdAt: this.#now(conv),
    }));
  }

  #conversation(ownerId: string, conversationId: string): ConversationRow {
    checkId(ownerId, 'ownerId');
    checkId(conversationId, 'conversationId');
    const row = this.#s.conversation.get(conversationId, ownerId);
    if (!row) throw new NotFoundError('conversation', conversationId);
    return row;
  }

  #message(conversationId: string, messageId: string): MessageWithEnding {
    checkId(messageId, 'messageId');
    const row = this.#s.message.get(messageId, conversationId);
    if (!row) throw new NotFoundError('message', messageId, { conversationId });
    return row;
  }

  /** Times in a conversation never go backwards, even when the system clock does. */
  #now(conv: ConversationRow): number {
    return Math.max(this.#clock.now(), conv.updated_at);
  }

  #transaction<T>(fn: () => T): T {
    return this.#run(() => this.#write.immediate(fn) as T);
  }

  #run<T>(fn: () => T): T {
    if (this.#closed) {
      throw new StoreError('STORE_CLOSED', `The store at ${this.location} was used after close().`, {
        details: { path: this.location },
      });
    }
    try {
      return fn();
    } catch (error) {
      throw translateSqliteError(error, this.location);
    }
  }
}

function objectOrEmpty(value: unknown): object {
  return typeof value === 'object' && value !== null ? value : {};
}

function clampInt(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

import type Database from 'better-sqlite3';
import type { Role } from '../core/conversation/message.js';
import type { ConversationRow, DecisionRow, EndingRow, FeedbackRow, MessageRow } from './rows.js';

const messageColumns = 'seq, id, conversation_id, parent_id, role, content, metadata, created_at';

/** id, role, content, metadata, created_at, depth from the leaf, is a root (1 or 0). */
export type PathRow = [string, Role, string, string, number, number, 0 | 1];

/**
 * The part of a better-sqlite3 statement the store uses, typed by its parameters and rows.
 * (Declared here because the library's own statement type cannot be named in declarations.)
 */
export interface Stmt<P extends unknown[], R> {
  run(...params: P): Database.RunResult;
  get(...params: P): R | undefined;
  all(...params: P): R[];
  /** Rows as single values: only on statements whose `R` is that value. */
  pluck(toggle?: boolean): this;
  /** Rows as arrays: only on statements whose `R` is that array. */
  raw(toggle?: boolean): this;
}

/** A message with the kind of the ending on it, if any: what the ending rule checks. */
export type MessageWithEnding = MessageRow & { ending_kind: string | null };

/**
 * Every statement prepared once per connection. Queries that take an owner id join on it;
 * the others run only after the conversation has been checked to belong to the owner.
 */
export function prepareStatements(db: Database.Database) {
  const s = <P extends unknown[], R = unknown>(sql: string): Stmt<P, R> =>
    db.prepare(sql) as unknown as Stmt<P, R>;
  return {
    conversation: s<[id: string, ownerId: string], ConversationRow>(
      'SELECT * FROM conversations WHERE id = ? AND owner_id = ?',
    ),
    conversationExists: s<[id: string], { id: string }>('SELECT id FROM conversations WHERE id = ?'),
    listConversations: s<[ownerId: string, limit: number, offset: number], ConversationRow>(
      'SELECT * FROM conversations WHERE owner_id = ? ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?',
    ),
    insertConversation: s<[string, string, string | null, number, number]>(
      'INSERT INTO conversations (id, owner_id, title, created_at, updated_at, active_leaf_id) VALUES (?, ?, ?, ?, ?, NULL)',
    ),
    renameConversation: s<[title: string | null, updatedAt: number, id: string]>(
      'UPDATE conversations SET title = ?, updated_at = ? WHERE id = ?',
    ),
    touchConversation: s<[updatedAt: number, activeLeafId: string | null, id: string]>(
      'UPDATE conversations SET updated_at = ?, active_leaf_id = ? WHERE id = ?',
    ),
    touchUpdatedAt: s<[updatedAt: number, id: string]>(
      'UPDATE conversations SET updated_at = ? WHERE id = ?',
    ),
    setActiveLeaf: s<[activeLeafId: string, id: string]>(
      'UPDATE conversations SET active_leaf_id = ? WHERE id = ?',
    ),
    deleteConversation: s<[id: string]>('DELETE FROM conversations WHERE id = ?'),

    message: s<[id: string, conversationId: string], MessageWithEnding>(
      `SELECT m.seq, m.id, m.conversation_id, m.parent_id, m.role, m.content, m.metadata, m.created_at,
              e.kind AS ending_kind
         FROM messages m LEFT JOIN endings e ON e.node_id = m.id
        WHERE m.id = ? AND m.conversation_id = ?`,
    ),
    /** What the ending rule needs to know about a parent, and nothing more. */
    parentState: s<[id: string], { seq: number; conversation_id: string; ending_kind: string | null }>(
      `SELECT m.seq, m.conversation_id, (SELECT kind FROM endings WHERE node_id = m.id) AS ending_kind
         FROM messages m WHERE m.id = ?`,
    ),
    /** Which of the owner's conversations a message is in, to tell "other conversation" from "unknown". */
    messageConversation: s<[id: string, ownerId: string], { conversation_id: string }>(
      `SELECT m.conversation_id FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE m.id = ? AND c.owner_id = ?`,
    ),
    insertMessage: s<[string, string, string | null, number | null, string, string, string, number]>(
      'INSERT INTO messages (id, conversation_id, parent_id, parent_seq, role, content, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    children: s<[conversationId: string, parentId: string], MessageRow>(
      `SELECT ${messageColumns} FROM messages WHERE conversation_id = ? AND parent_id = ? ORDER BY seq`,
    ),
    roots: s<[conversationId: string], MessageRow>(
      `SELECT ${messageColumns} FROM messages WHERE conversation_id = ? AND parent_id IS NULL ORDER BY seq`,
    ),
    childIds: s<[conversationId: string, parentId: string], string>(
      'SELECT id FROM messages WHERE conversation_id = ? AND parent_id = ? ORDER BY seq',
    ).pluck(),
    rootIds: s<[conversationId: string], string>(
      'SELECT id FROM messages WHERE conversation_id = ? AND parent_id IS NULL ORDER BY seq',
    ).pluck(),
    newestChild: s<[conversationId: string, parentId: string], string>(
      'SELECT id FROM messages WHERE conversation_id = ? AND parent_id = ? ORDER BY seq DESC LIMIT 1',
    ).pluck(),
    /**
     * Leaf to root in one statement (one snapshot). Only what a path cannot tell is read: each
     * node's parent is the node before it, so ids, conversation and parent ids are not copied out.
     */
    path: s<[{ leafId: string; conversationId: string }], PathRow>(
      `WITH RECURSIVE up (seq, parent_seq, depth) AS (
         SELECT seq, parent_seq, 0 FROM messages WHERE id = @leafId AND conversation_id = @conversationId
         UNION ALL
         SELECT m.seq, m.parent_seq, up.depth + 1
           FROM messages m JOIN up ON m.seq = up.parent_seq AND m.conversation_id = @conversationId
       )
       SELECT m.id, m.role, m.content, m.metadata, m.created_at, up.depth, up.parent_seq IS NULL
         FROM up JOIN messages m ON m.seq = up.seq`,
    ).raw(),
    allMessages: s<[conversationId: string], MessageRow>(
      `SELECT ${messageColumns} FROM messages WHERE conversation_id = ? ORDER BY seq`,
    ),

    endingAt: s<[nodeId: string, conversationId: string], EndingRow>(
      'SELECT * FROM endings WHERE node_id = ? AND conversation_id = ?',
    ),
    endings: s<[conversationId: string], EndingRow>(
      'SELECT * FROM endings WHERE conversation_id = ? ORDER BY created_at, rowid',
    ),
    ending: s<[id: string, conversationId: string], EndingRow>(
      'SELECT * FROM endings WHERE id = ? AND conversation_id = ?',
    ),
    insertEnding: s<[string, string, string, string, string, string | null, string | null, number]>(
      'INSERT INTO endings (id, conversation_id, node_id, kind, source, reason, decision_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),

    decision: s<[id: string, conversationId: string], DecisionRow>(
      'SELECT * FROM policy_decisions WHERE id = ? AND conversation_id = ?',
    ),
    decisions: s<[conversationId: string], DecisionRow>(
      'SELECT * FROM policy_decisions WHERE conversation_id = ? ORDER BY created_at, rowid',
    ),
    insertDecision: s<
      [string, string, string, string, string, string, string, string | null, number, string | null, number]
    >(
      `INSERT INTO policy_decisions (id, conversation_id, message_id, outcome, rule, request_trigger, reasons,
         instruction, show_crisis_resources, requested_reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),

    feedback: s<[conversationId: string], FeedbackRow>(
      'SELECT * FROM feedback WHERE conversation_id = ? ORDER BY created_at, rowid',
    ),
    insertFeedback: s<
      [string, string, string, string | null, string | null, string | null, string | null, number]
    >(
      'INSERT INTO feedback (id, conversation_id, kind, message_id, ending_id, rating, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    deleteRatings: s<[conversationId: string, messageId: string]>(
      "DELETE FROM feedback WHERE conversation_id = ? AND kind = 'rating' AND message_id = ?",
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

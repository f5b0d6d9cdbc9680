import type Database from 'better-sqlite3';
import { branchClosingKinds } from '../core/ending.js';

export interface IntegrityReport {
  ok: boolean;
  /** One line per problem found; empty when `ok`. */
  problems: string[];
}

/** Each query returns the ids that break one tree rule (at most 10 of them). */
const treeRules: { rule: string; sql: string }[] = [
  {
    rule: 'parent missing',
    sql: `SELECT c.id FROM messages c WHERE c.parent_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM messages p WHERE p.id = c.parent_id) LIMIT 10`,
  },
  {
    rule: 'parent id and parent seq disagree',
    sql: `SELECT c.id FROM messages c LEFT JOIN messages p ON p.seq = c.parent_seq
           WHERE (c.parent_id IS NULL) <> (c.parent_seq IS NULL) OR (c.parent_id IS NOT NULL AND p.id IS NOT c.parent_id)
           LIMIT 10`,
  },
  {
    rule: 'parent in another conversation',
    sql: `SELECT c.id FROM messages c JOIN messages p ON p.id = c.parent_id
           WHERE p.conversation_id <> c.conversation_id LIMIT 10`,
  },
  {
    rule: 'parent written after its child',
    sql: 'SELECT c.id FROM messages c JOIN messages p ON p.id = c.parent_id WHERE p.seq >= c.seq LIMIT 10',
  },
  {
    rule: 'message below an ending',
    sql: `SELECT m.id FROM messages m JOIN endings e ON e.node_id = m.parent_id
           WHERE e.kind IN (${branchClosingKinds.map((kind) => `'${kind}'`).join(', ')}) LIMIT 10`,
  },
  {
    rule: 'ending on a message of another conversation',
    sql: `SELECT e.id FROM endings e LEFT JOIN messages m ON m.id = e.node_id
           WHERE m.id IS NULL OR m.conversation_id <> e.conversation_id LIMIT 10`,
  },
  {
    rule: 'ending citing a missing or refused decision',
    sql: `SELECT e.id FROM endings e LEFT JOIN policy_decisions d ON d.id = e.decision_id
           WHERE e.decision_id IS NOT NULL AND (d.id IS NULL OR d.outcome <> 'honoured') LIMIT 10`,
  },
  {
    rule: 'active leaf outside its conversation',
    sql: `SELECT c.id FROM conversations c WHERE c.active_leaf_id IS NOT NULL AND NOT EXISTS
            (SELECT 1 FROM messages m WHERE m.id = c.active_leaf_id AND m.conversation_id = c.id) LIMIT 10`,
  },
  {
    rule: 'message content that is not a list of parts',
    sql: `SELECT id FROM messages WHERE json_type(content) <> 'array'
            OR (json_array_length(content) = 0 AND NOT (role = 'assistant' AND json_extract(metadata, '$.partial') = 1))
          LIMIT 10`,
  },
];

/** SQLite's integrity and foreign-key checks, then the tree rules, over the whole file. */
export function checkIntegrity(db: Database.Database): IntegrityReport {
  const problems: string[] = [];
  const integrity = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
  for (const row of integrity)
    if (row.integrity_check !== 'ok') problems.push(`integrity: ${row.integrity_check}`);
  const foreign = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
  for (const row of foreign.slice(0, 10)) {
    problems.push(`foreign key: ${row.table} row ${row.rowid} points to a missing ${row.parent} row`);
  }
  for (const { rule, sql } of treeRules) {
    const ids = db.prepare(sql).pluck().all() as string[];
    if (ids.length > 0) problems.push(`${rule}: ${ids.join(', ')}`);
  }
  return { ok: problems.length === 0, problems };
}

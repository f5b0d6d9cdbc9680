import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { steppingClock } from '../core/clock.js';
import { BailkitError } from '../core/errors/bailkit-error.js';
import { runMigrations } from './migrate.js';
import { bailkitApplicationId, latestSchemaVersion, type Migration, migrations } from './schema.js';
import { ConversationStore } from './sqlite-store.js';
import { seedConversation, tempDir } from './store.test-helpers.js';

let dir: { dir: string; remove: () => void };
afterEach(() => dir?.remove());

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof BailkitError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('store file and migrations', () => {
  it('creates a WAL file at the latest version and reopens it without migrating again', () => {
    dir = tempDir();
    const path = join(dir.dir, 'nested', 'chat.db');
    const store = ConversationStore.open(path);
    expect(store.schemaVersion).toBe(latestSchemaVersion);
    const { conversation } = seedConversation(store);
    store.close();

    const again = ConversationStore.open(path);
    expect(again.path('alice', conversation.id)).toHaveLength(4);
    again.close();

    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(raw.pragma('application_id', { simple: true })).toBe(bailkitApplicationId);
    expect(raw.prepare('SELECT version, name FROM schema_migrations').all()).toEqual(
      migrations.map((m) => ({ version: m.version, name: m.name })),
    );
    raw.close();
  });

  it('refuses a file from a newer schema with a clear error', () => {
    dir = tempDir();
    const path = join(dir.dir, 'future.db');
    ConversationStore.open(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${latestSchemaVersion + 1}`);
    raw.close();
    try {
      ConversationStore.open(path);
      throw new Error('expected the open to fail');
    } catch (error) {
      expect(error).toMatchObject({
        code: 'STORE_SCHEMA_TOO_NEW',
        details: { version: latestSchemaVersion + 1 },
      });
      expect((error as Error).message).toContain('Upgrade bailkit');
    }
  });

  it("refuses another application's database and a file that is not a database", () => {
    dir = tempDir();
    const foreign = join(dir.dir, 'foreign.db');
    const raw = new Database(foreign);
    raw.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)');
    raw.close();
    expect(codeOf(() => ConversationStore.open(foreign))).toBe('STORE_NOT_BAILKIT');
    const check = new Database(foreign, { readonly: true });
    expect(check.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all()).toEqual([
      'invoices',
    ]);
    check.close();

    const tagged = join(dir.dir, 'tagged.db');
    const other = new Database(tagged);
    other.pragma('application_id = 42');
    other.close();
    expect(codeOf(() => ConversationStore.open(tagged))).toBe('STORE_NOT_BAILKIT');

    const text = join(dir.dir, 'notes.db');
    writeFileSync(text, 'these are my notes, not a database\n'.repeat(200));
    expect(codeOf(() => ConversationStore.open(text))).toBe('STORE_OPEN_FAILED');
  });

  it('applies a later migration on open, and a failing one leaves the file as it was', () => {
    const clock = steppingClock(0, 1);
    const db = new Database(':memory:');
    expect(runMigrations(db, clock)).toBe(latestSchemaVersion);
    const broken: Migration[] = [
      ...migrations,
      {
        version: latestSchemaVersion + 1,
        name: 'half',
        sql: 'CREATE TABLE extra (a); SELECT * FROM missing_table;',
      },
    ];
    expect(() => runMigrations(db, clock, broken)).toThrow(/missing_table/);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'extra'").pluck().get()).toBe(0);

    const fixed: Migration[] = [
      ...migrations,
      { version: latestSchemaVersion + 1, name: 'extra', sql: 'CREATE TABLE extra (a);' },
    ];
    expect(runMigrations(db, clock, fixed)).toBe(latestSchemaVersion + 1);
    expect(runMigrations(db, clock, fixed)).toBe(latestSchemaVersion + 1);
    expect(db.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(latestSchemaVersion + 1);
    db.close();
  });
});

describe('locks', () => {
  it('gives up with STORE_BUSY when another connection keeps the write lock, writing nothing', () => {
    dir = tempDir();
    const path = join(dir.dir, 'busy.db');
    const store = ConversationStore.open(path, { busyTimeoutMs: 50 });
    const { conversation, a2 } = seedConversation(store);
    const holder = new Database(path);
    holder.exec('BEGIN IMMEDIATE');
    const started = Date.now();
    expect(codeOf(() => store.append('alice', conversation.id, a2.id, { role: 'user', content: 'x' }))).toBe(
      'STORE_BUSY',
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    // Reads are not blocked by a writer under WAL.
    expect(store.path('alice', conversation.id)).toHaveLength(4);
    holder.exec('ROLLBACK');
    holder.close();
    expect(store.children('alice', conversation.id, a2.id)).toEqual([]);
    store.append('alice', conversation.id, a2.id, { role: 'user', content: 'now it works' });
    store.close();
  });
});

describe('schema rules for any writer', () => {
  it('refuses raw writes that would break the tree, and checkIntegrity reports damage', () => {
    dir = tempDir();
    const path = join(dir.dir, 'raw.db');
    const store = ConversationStore.open(path);
    const { conversation, u2, a2 } = seedConversation(store);
    const other = store.createConversation('alice');
    store.recordEnding('alice', conversation.id, a2.id, { kind: 'user_ended', source: 'user' });

    const raw = new Database(path);
    raw.pragma('foreign_keys = ON');
    const insert = raw.prepare(
      "INSERT INTO messages (id, conversation_id, parent_id, parent_seq, role, content, metadata, created_at) VALUES (@id, @conversation, @parent, (SELECT seq FROM messages WHERE id = @parent), 'user', '[]', '{}', 0)",
    );
    expect(() => insert.run({ id: 'x1', conversation: conversation.id, parent: a2.id })).toThrow(
      /closed the conversation/,
    );
    expect(() => insert.run({ id: 'x2', conversation: other.id, parent: u2.id })).toThrow(
      /same conversation/,
    );
    expect(() => insert.run({ id: 'x3', conversation: conversation.id, parent: 'ghost' })).toThrow(
      /same conversation/,
    );
    // A parent seq that points at another message than the parent id.
    expect(() =>
      raw
        .prepare(
          "INSERT INTO messages (id, conversation_id, parent_id, parent_seq, role, content, metadata, created_at) VALUES ('x4', ?, ?, (SELECT seq FROM messages WHERE id = ?), 'user', '[]', '{}', 0)",
        )
        .run(conversation.id, u2.id, a2.id),
    ).toThrow(/same conversation/);
    expect(() => raw.prepare('DELETE FROM messages WHERE id = ?').run(u2.id)).toThrow(
      /only with its conversation/,
    );
    expect(() =>
      raw
        .prepare(
          "INSERT INTO endings (id, conversation_id, node_id, kind, source, created_at) VALUES ('e2', ?, ?, 'user_ended', 'user', 0)",
        )
        .run(conversation.id, u2.id),
    ).toThrow(/no replies|UNIQUE/);
    const otherLeaf = store.append('alice', other.id, null, { role: 'user', content: 'hi' });
    expect(() =>
      raw
        .prepare(
          "INSERT INTO endings (id, conversation_id, node_id, kind, source, created_at) VALUES ('e3', ?, ?, 'model_ended', 'end_conversation_tool', 0)",
        )
        .run(other.id, otherLeaf.id),
    ).toThrow(/CHECK/);
    expect(() =>
      raw
        .prepare(
          "INSERT INTO endings (id, conversation_id, node_id, kind, source, created_at) VALUES ('e4', ?, ?, 'user_ended', 'user', 0)",
        )
        .run(conversation.id, otherLeaf.id),
    ).toThrow(/same conversation/);
    expect(() => raw.prepare('UPDATE messages SET parent_id = NULL WHERE id = ?').run(a2.id)).toThrow(
      /cannot move/,
    );
    expect(store.checkIntegrity()).toEqual({ ok: true, problems: [] });

    raw.prepare("UPDATE conversations SET active_leaf_id = 'ghost' WHERE id = ?").run(other.id);
    raw.close();
    const report = store.checkIntegrity();
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([`active leaf outside its conversation: ${other.id}`]);
    store.close();
  });
});

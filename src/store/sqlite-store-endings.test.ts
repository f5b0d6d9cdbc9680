import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Ending,
  type EndingKind,
  endingClosesBranch,
  endingKinds,
  type NewEnding,
} from '../core/ending.js';
import type { EndingEvent } from './ending-hooks.js';
import { ConversationStore } from './sqlite-store.js';
import { honouredDecision, memoryStore, seedConversation, tempDir } from './store.test-helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function track(store: ConversationStore): ConversationStore {
  cleanups.push(() => store.close());
  return store;
}

describe('ConversationStore endings', () => {
  it('records each kind at a leaf, and an earlier edit still opens a new branch', () => {
    const store = track(memoryStore());
    const kinds: EndingKind[] = [
      'model_ended',
      'user_ended',
      'safety_interrupted',
      'generation_failed',
      'truncated',
    ];
    for (const kind of kinds) {
      const { conversation, u2, a2 } = seedConversation(store);
      const decision = store.recordDecision('alice', honouredDecision(conversation.id, a2.id));
      const input: Record<EndingKind, NewEnding> = {
        model_ended: { kind, source: 'end_conversation_tool', decisionId: decision.id, reason: 'abusive' },
        user_ended: { kind: 'user_ended', source: 'user' },
        safety_interrupted: { kind: 'safety_interrupted', source: 'provider_content_filter' },
        generation_failed: { kind: 'generation_failed', source: 'server', reason: '502' },
        truncated: { kind: 'truncated', source: 'provider_length' },
      } as Record<EndingKind, NewEnding>;
      const ending = store.recordEnding('alice', conversation.id, a2.id, input[kind]);
      expect(ending).toMatchObject({ conversationId: conversation.id, nodeId: a2.id, kind });
      expect(store.endingAt('alice', conversation.id, a2.id)).toEqual(ending);
      expect(store.endingAt('alice', conversation.id, u2.id)).toBeNull();
      expect(store.listEndings('alice', conversation.id)).toEqual([ending]);

      const branch = store.editUserMessage('alice', conversation.id, u2.id, { content: 'let us start over' });
      const reply = store.append('alice', conversation.id, branch.id, { role: 'assistant', content: 'sure' });
      expect(store.path('alice', conversation.id).map((m) => m.id)).toContain(reply.id);
      const retry = store.regenerate('alice', conversation.id, a2.id, { content: 'second try' });
      expect(store.endingAt('alice', conversation.id, retry.id)).toBeNull();
    }
    expect(store.checkIntegrity().ok).toBe(true);
  });

  it('refuses replies below an ending the assistant or the user chose, and takes them below a stopped reply', () => {
    const { dir, remove } = tempDir();
    cleanups.push(remove);
    const file = join(dir, 'endings.db');
    const store = track(ConversationStore.open(file));
    const raw = new Database(file);
    cleanups.push(() => raw.close());
    // A direct INSERT, as another writer would do it: the schema's trigger must agree with the store.
    const insertBelow = (conversationId: string, parentId: string, id: string) =>
      raw
        .prepare(
          `INSERT INTO messages (id, conversation_id, parent_id, parent_seq, role, content, metadata, created_at)
           VALUES (?, ?, ?, (SELECT seq FROM messages WHERE id = ?), 'user', '[{"type":"text","text":"x"}]', '{}', 0)`,
        )
        .run(id, conversationId, parentId, parentId);
    for (const kind of endingKinds) {
      const { conversation, a2 } = seedConversation(store);
      const decision = store.recordDecision('alice', honouredDecision(conversation.id, a2.id));
      store.recordEnding('alice', conversation.id, a2.id, endingOf(kind, decision.id));
      const append = () =>
        store.append('alice', conversation.id, a2.id, { role: 'user', content: 'continue' });
      if (endingClosesBranch[kind]) {
        expect(append).toThrow(expect.objectContaining({ code: 'APPEND_BELOW_ENDING' }));
        expect(() => insertBelow(conversation.id, a2.id, `raw-${kind}`)).toThrow(/closed the conversation/);
      } else {
        expect(append().parentId).toBe(a2.id);
        insertBelow(conversation.id, a2.id, `raw-${kind}`);
      }
    }
    expect(endingKinds.filter((kind) => endingClosesBranch[kind])).toEqual(['model_ended', 'user_ended']);
    expect(store.checkIntegrity()).toEqual({ ok: true, problems: [] });
  });

  it('does not touch other conversations', () => {
    const store = track(memoryStore());
    const one = seedConversation(store);
    const two = seedConversation(store);
    store.recordEnding('alice', one.conversation.id, one.a2.id, { kind: 'user_ended', source: 'user' });
    const next = store.append('alice', two.conversation.id, two.a2.id, {
      role: 'user',
      content: 'still open',
    });
    expect(next.parentId).toBe(two.a2.id);
  });
});

describe('ConversationStore ending hooks', () => {
  it('calls listeners after commit, for every ending, with what another connection can already read', () => {
    const { dir, remove } = tempDir();
    cleanups.push(remove);
    const path = join(dir, 'hooks.db');
    const store = track(ConversationStore.open(path));
    const reader = track(ConversationStore.open(path));
    const seen: { event: EndingEvent; visible: Ending | null }[] = [];
    store.onEnding((event) => {
      const visible = reader.endingAt(event.ownerId, event.ending.conversationId, event.ending.nodeId);
      seen.push({ event, visible });
    });
    const { conversation, a2 } = seedConversation(store);
    const ending = store.recordEnding('alice', conversation.id, a2.id, {
      kind: 'truncated',
      source: 'provider_length',
    });
    expect(seen).toEqual([{ event: { ownerId: 'alice', ending }, visible: ending }]);
  });

  it('keeps the ending when a listener throws, and still calls the others', () => {
    const store = track(memoryStore());
    const calls: string[] = [];
    store.onEnding(() => {
      throw new Error('webhook down');
    });
    store.onEnding((event) => {
      calls.push(event.ending.nodeId);
    });
    const { conversation, a2 } = seedConversation(store);
    const ending = store.recordEnding('alice', conversation.id, a2.id, {
      kind: 'user_ended',
      source: 'user',
    });
    expect(calls).toEqual([a2.id]);
    expect(store.endingAt('alice', conversation.id, a2.id)).toEqual(ending);
    expect(store.hookErrors).toHaveLength(1);
    expect(store.hookErrors[0]?.context).toEqual({ hook: 'ending', ending });
    expect(String(store.hookErrors[0]?.error)).toContain('webhook down');
  });

  it('reports a rejecting async listener to onHookError', async () => {
    const reported: unknown[] = [];
    const store = track(memoryStore({ onHookError: (error) => reported.push(error) }));
    let finished = false;
    store.onEnding(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw new Error('hand-off failed');
    });
    store.onEnding(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      finished = true;
    });
    const { conversation, a2 } = seedConversation(store);
    store.recordEnding('alice', conversation.id, a2.id, { kind: 'generation_failed', source: 'transport' });
    expect(reported).toEqual([]);
    await store.settleHooks();
    expect(finished).toBe(true);
    expect(reported.map(String)).toEqual(['Error: hand-off failed']);
    expect(store.hookErrors).toEqual([]);
    expect(store.listEndings('alice', conversation.id)).toHaveLength(1);
  });

  it('does not call listeners for refused endings, nor after unsubscribing', () => {
    const store = track(memoryStore());
    const calls: string[] = [];
    const unsubscribe = store.onEnding((event) => {
      calls.push(event.ending.kind);
    });
    const { conversation, u2, a2 } = seedConversation(store);
    expect(() =>
      store.recordEnding('alice', conversation.id, u2.id, { kind: 'user_ended', source: 'user' }),
    ).toThrow();
    expect(calls).toEqual([]);
    unsubscribe();
    store.recordEnding('alice', conversation.id, a2.id, { kind: 'user_ended', source: 'user' });
    expect(calls).toEqual([]);
  });
});

describe('ConversationStore decisions and feedback', () => {
  it('records and lists decisions and feedback in order', () => {
    const store = track(memoryStore());
    const { conversation, a1, a2 } = seedConversation(store);
    const refused = store.recordDecision('alice', {
      ...honouredDecision(conversation.id, a1.id),
      outcome: 'refused',
      rule: 'imminent_risk',
      instruction: 'Stay and support the user.',
      showCrisisResources: true,
    });
    const honoured = store.recordDecision('alice', honouredDecision(conversation.id, a2.id));
    expect(refused).toMatchObject({
      outcome: 'refused',
      showCrisisResources: true,
      instruction: 'Stay and support the user.',
    });
    expect(store.listDecisions('alice', conversation.id)).toEqual([refused, honoured]);

    const ending = store.recordEnding('alice', conversation.id, a2.id, {
      kind: 'model_ended',
      source: 'end_conversation_tool',
      decisionId: honoured.id,
    });
    const thumbs = store.addFeedback('alice', conversation.id, {
      kind: 'rating',
      messageId: a1.id,
      rating: 'good',
    });
    const change = store.addFeedback('alice', conversation.id, {
      kind: 'rating',
      messageId: a1.id,
      rating: 'bad',
      text: 'on reflection, no',
    });
    const note = store.addFeedback('alice', conversation.id, {
      kind: 'ending',
      endingId: ending.id,
      text: 'too early',
    });
    expect(thumbs).toMatchObject({ kind: 'rating', messageId: a1.id, rating: 'good', text: null });
    expect(note).toMatchObject({ kind: 'ending', endingId: ending.id, rating: null, text: 'too early' });
    expect(store.listFeedback('alice', conversation.id)).toEqual([thumbs, change, note]);
  });
});

function endingOf(kind: EndingKind, decisionId: string): NewEnding {
  const input: Record<EndingKind, NewEnding> = {
    model_ended: { kind: 'model_ended', source: 'end_conversation_tool', decisionId },
    user_ended: { kind: 'user_ended', source: 'user' },
    safety_interrupted: { kind: 'safety_interrupted', source: 'provider_content_filter' },
    generation_failed: { kind: 'generation_failed', source: 'server' },
    truncated: { kind: 'truncated', source: 'provider_length' },
  };
  return input[kind];
}

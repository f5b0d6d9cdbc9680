import { afterEach, describe, expect, it } from 'vitest';
import { type Clock, sequentialIds, steppingClock } from '../core/clock.js';
import { ConversationTree } from '../core/conversation/conversation-tree.js';
import { migrations } from './schema.js';
import type { ConversationStore } from './sqlite-store.js';
import { honouredDecision, memoryStore, seedConversation } from './store.test-helpers.js';

let store: ConversationStore;
afterEach(() => store?.close());

describe('ConversationStore conversations', () => {
  it('creates, lists most recently active first, renames and deletes', () => {
    store = memoryStore();
    const first = store.createConversation('alice', { title: 'first' });
    const second = store.createConversation('alice', { title: 'second' });
    store.createConversation('bob', { title: 'not yours' });
    expect(store.listConversations('alice').map((c) => c.title)).toEqual(['second', 'first']);

    store.append('alice', first.id, null, { role: 'user', content: 'bump' });
    expect(store.listConversations('alice').map((c) => c.id)).toEqual([first.id, second.id]);
    expect(store.listConversations('alice', { limit: 1, offset: 1 }).map((c) => c.id)).toEqual([second.id]);

    const renamed = store.renameConversation('alice', second.id, 'renamed');
    expect(renamed.title).toBe('renamed');
    expect(store.getConversation('alice', second.id)).toEqual(renamed);
    expect(store.getConversation('alice', first.id)).toMatchObject({ ownerId: 'alice', title: 'first' });

    store.deleteConversation('alice', first.id);
    expect(store.listConversations('alice').map((c) => c.id)).toEqual([second.id]);
    expect(() => store.getConversation('alice', first.id)).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    expect(store.checkIntegrity()).toEqual({ ok: true, problems: [] });
  });

  it('deletes a conversation with a deep branch, its endings, decisions and feedback', () => {
    store = memoryStore();
    const conversation = store.createConversation('alice');
    let parent: string | null = null;
    for (let i = 0; i < 1500; i++) {
      parent = store.append('alice', conversation.id, parent, {
        role: i % 2 === 0 ? 'user' : 'assistant',
        content: `turn ${i}`,
      }).id;
    }
    const leaf = parent as string;
    const decision = store.recordDecision('alice', honouredDecision(conversation.id, leaf));
    const ending = store.recordEnding('alice', conversation.id, leaf, {
      kind: 'model_ended',
      source: 'end_conversation_tool',
      decisionId: decision.id,
    });
    store.addFeedback('alice', conversation.id, { kind: 'ending', endingId: ending.id, text: 'fair' });
    store.addFeedback('alice', conversation.id, { kind: 'rating', messageId: leaf, rating: 'good' });
    store.deleteConversation('alice', conversation.id);
    expect(store.listConversations('alice')).toEqual([]);
    expect(store.checkIntegrity().ok).toBe(true);
  });
});

describe('ConversationStore messages', () => {
  it('appends, reads the path, children and makes each new message the active leaf', () => {
    store = memoryStore();
    const { conversation, u1, a1, u2, a2 } = seedConversation(store);
    expect(store.path('alice', conversation.id).map((m) => m.id)).toEqual([u1.id, a1.id, u2.id, a2.id]);
    expect(store.path('alice', conversation.id, a1.id).map((m) => m.id)).toEqual([u1.id, a1.id]);
    expect(store.getConversation('alice', conversation.id).activeLeafId).toBe(a2.id);
    expect(store.children('alice', conversation.id, null).map((m) => m.id)).toEqual([u1.id]);
    expect(store.children('alice', conversation.id, u1.id)).toEqual([a1]);
    expect(store.getMessage('alice', conversation.id, a1.id)).toEqual(a1);
    expect(a1).toMatchObject({
      conversationId: conversation.id,
      parentId: u1.id,
      role: 'assistant',
      content: [{ type: 'text', text: 'hi there' }],
      metadata: {},
    });
  });

  it('keeps every content part and metadata as written', () => {
    store = memoryStore();
    const { conversation, u1 } = seedConversation(store);
    const content = [
      { type: 'reasoning' as const, text: 'thinking apart from the answer' },
      { type: 'text' as const, text: 'answer' },
      {
        type: 'tool-call' as const,
        toolCallId: 't1',
        toolName: 'end_conversation',
        input: { reason: 'abuse' },
      },
    ];
    const metadata = { model: 'simulated:default', simulated: true, nested: { list: [1, 'two'] } };
    const node = store.append('alice', conversation.id, u1.id, { role: 'assistant', content, metadata });
    const tool = store.append('alice', conversation.id, node.id, {
      role: 'tool',
      content: [{ type: 'tool-result', toolCallId: 't1', toolName: 'end_conversation', output: 'ok' }],
    });
    expect(store.getMessage('alice', conversation.id, node.id)).toMatchObject({ content, metadata });
    expect(store.path('alice', conversation.id, tool.id).at(-1)?.role).toBe('tool');
  });

  it('edits a user message into a sibling and shows "i of n"', () => {
    store = memoryStore();
    const { conversation, a1, u2 } = seedConversation(store);
    const edited = store.editUserMessage('alice', conversation.id, u2.id, {
      content: 'tell me a better joke',
    });
    expect(edited).toMatchObject({ parentId: a1.id, role: 'user' });
    expect(store.siblings('alice', conversation.id, u2.id)).toEqual({
      index: 1,
      count: 2,
      ids: [u2.id, edited.id],
    });
    expect(store.siblings('alice', conversation.id, edited.id)).toMatchObject({ index: 2, count: 2 });
    expect(store.getConversation('alice', conversation.id).activeLeafId).toBe(edited.id);
  });

  it('regenerates an assistant message into a sibling', () => {
    store = memoryStore();
    const { conversation, u2, a2 } = seedConversation(store);
    const again = store.regenerate('alice', conversation.id, a2.id, { content: 'another joke' });
    expect(again).toMatchObject({ parentId: u2.id, role: 'assistant' });
    expect(store.siblings('alice', conversation.id, again.id)).toEqual({
      index: 2,
      count: 2,
      ids: [a2.id, again.id],
    });
  });

  it('lists roots as siblings when the first message was edited', () => {
    store = memoryStore();
    const { conversation, u1 } = seedConversation(store);
    const root2 = store.editUserMessage('alice', conversation.id, u1.id, { content: 'hello again' });
    expect(root2.parentId).toBeNull();
    expect(store.siblings('alice', conversation.id, root2.id)).toMatchObject({ index: 2, count: 2 });
    expect(store.children('alice', conversation.id, null).map((m) => m.id)).toEqual([u1.id, root2.id]);
  });

  it('sets the active leaf by following the newest child down', () => {
    store = memoryStore();
    const { conversation, u1, a1, u2 } = seedConversation(store);
    const edited = store.editUserMessage('alice', conversation.id, u2.id, { content: 'other question' });
    const reply = store.append('alice', conversation.id, edited.id, {
      role: 'assistant',
      content: 'other answer',
    });
    expect(store.setActiveLeaf('alice', conversation.id, u1.id)).toEqual(reply);
    expect(store.getConversation('alice', conversation.id).activeLeafId).toBe(reply.id);
    expect(store.setActiveLeaf('alice', conversation.id, u2.id).parentId).toBe(u2.id);
    expect(
      store
        .path('alice', conversation.id)
        .map((m) => m.id)
        .slice(0, 3),
    ).toEqual([u1.id, a1.id, u2.id]);
  });

  it('appends to the active leaf read in the same transaction', () => {
    store = memoryStore();
    const conversation = store.createConversation('alice');
    const root = store.appendToActive('alice', conversation.id, { role: 'user', content: 'first' });
    const next = store.appendToActive('alice', conversation.id, { role: 'assistant', content: 'second' });
    expect(root.parentId).toBeNull();
    expect(next.parentId).toBe(root.id);
  });

  it('never lets times in a conversation go backwards', () => {
    // The first readings stamp the schema migrations; the rest go to the conversation.
    const times = [...migrations.map(() => 0), 5000, 4000, 3000, 6000, 1000];
    const clock: Clock = { now: () => times.shift() ?? 0 };
    store = memoryStore({ clock });
    const conversation = store.createConversation('alice');
    const a = store.append('alice', conversation.id, null, { role: 'user', content: 'a' });
    const b = store.append('alice', conversation.id, a.id, { role: 'assistant', content: 'b' });
    const c = store.append('alice', conversation.id, b.id, { role: 'user', content: 'c' });
    const d = store.append('alice', conversation.id, c.id, { role: 'assistant', content: 'd' });
    expect([a, b, c, d].map((m) => m.createdAt)).toEqual([5000, 5000, 6000, 6000]);
    expect(
      store
        .loadTree('alice', conversation.id)
        .path()
        .map((m) => m.id),
    ).toEqual([a.id, b.id, c.id, d.id]);
  });
});

describe('ConversationStore trees', () => {
  it('loads a core ConversationTree that matches the store', () => {
    store = memoryStore();
    const { conversation, u2, a2 } = seedConversation(store);
    store.editUserMessage('alice', conversation.id, u2.id, { content: 'branch' });
    store.setActiveLeaf('alice', conversation.id, a2.id);
    const ending = store.recordEnding('alice', conversation.id, a2.id, {
      kind: 'truncated',
      source: 'provider_length',
    });
    const tree = store.loadTree('alice', conversation.id);
    expect(tree.id).toBe(conversation.id);
    expect(tree.size).toBe(5);
    expect(tree.activeLeafId).toBe(a2.id);
    expect(tree.endings()).toEqual([ending]);
    expect(tree.path()).toEqual(store.path('alice', conversation.id));
    expect(tree.siblings(u2.id)).toEqual(store.siblings('alice', conversation.id, u2.id));
  });

  it('imports a snapshot of a core tree, decisions included, and reads it back unchanged', () => {
    const tree = new ConversationTree({
      id: 'c-import',
      clock: steppingClock(0, 10),
      generateId: sequentialIds('t'),
    });
    const u = tree.append(null, { role: 'user', content: 'you are useless' });
    const a = tree.append(u.id, { role: 'assistant', content: 'I am leaving', metadata: { model: 'sim' } });
    tree.editUserMessage(u.id, { content: 'sorry, please help' });
    const decision = { ...honouredDecision(tree.id, a.id), id: 'd1', createdAt: 15 };
    tree.end(a.id, { kind: 'model_ended', source: 'end_conversation_tool', decisionId: 'd1' });
    tree.setActiveLeaf(a.id);
    store = memoryStore();
    const record = store.importSnapshot('alice', tree.toSnapshot(), {
      title: 'imported',
      decisions: [decision],
    });
    expect(record).toMatchObject({ id: 'c-import', ownerId: 'alice', title: 'imported', activeLeafId: a.id });
    expect(store.loadTree('alice', 'c-import').toSnapshot()).toEqual(tree.toSnapshot());
    expect(store.listDecisions('alice', 'c-import')).toEqual([decision]);
    expect(() => store.append('alice', 'c-import', a.id, { role: 'user', content: 'more' })).toThrow(
      expect.objectContaining({ code: 'APPEND_BELOW_ENDING' }),
    );
    expect(store.checkIntegrity().ok).toBe(true);
  });
});

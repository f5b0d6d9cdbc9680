import { afterEach, describe, expect, it } from 'vitest';
import type { NewMessage } from '../core/conversation/message.js';
import { BailkitError } from '../core/errors/bailkit-error.js';
import type { ConversationStore } from './sqlite-store.js';
import { honouredDecision, memoryStore, seedConversation } from './store.test-helpers.js';

let store: ConversationStore;
afterEach(() => store?.close());

/** Everything an owner can read about a conversation, to prove a refused call wrote nothing. */
function fingerprint(s: ConversationStore, ownerId: string, conversationId: string): string {
  return JSON.stringify({
    conversation: s.getConversation(ownerId, conversationId),
    tree: s.loadTree(ownerId, conversationId).toSnapshot(),
    decisions: s.listDecisions(ownerId, conversationId),
    feedback: s.listFeedback(ownerId, conversationId),
    all: s.listConversations(ownerId),
  });
}

function errorOf(fn: () => unknown): BailkitError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BailkitError) return error;
    throw new Error(`expected a BailkitError, got ${String(error)}`);
  }
  throw new Error('expected the call to throw');
}

describe('ConversationStore bad input', () => {
  it('refuses each bad append with a typed error and writes nothing', () => {
    store = memoryStore();
    const { conversation, u1, a2 } = seedConversation(store);
    const other = store.createConversation('alice', { title: 'other' });
    const otherRoot = store.append('alice', other.id, null, { role: 'user', content: 'elsewhere' });
    store.recordEnding('alice', conversation.id, a2.id, { kind: 'user_ended', source: 'user' });
    const before = fingerprint(store, 'alice', conversation.id);
    const id = conversation.id;
    const cases: [string, () => unknown, string][] = [
      [
        'unknown parent',
        () => store.append('alice', id, 'nope', { role: 'user', content: 'x' }),
        'NOT_FOUND',
      ],
      [
        'unknown conversation',
        () => store.append('alice', 'nope', null, { role: 'user', content: 'x' }),
        'NOT_FOUND',
      ],
      [
        'parent in another conversation',
        () => store.append('alice', id, otherRoot.id, { role: 'assistant', content: 'x' }),
        'PARENT_IN_OTHER_CONVERSATION',
      ],
      [
        'below an ending',
        () => store.append('alice', id, a2.id, { role: 'user', content: 'x' }),
        'APPEND_BELOW_ENDING',
      ],
      [
        'below an ending via the active leaf',
        () => store.appendToActive('alice', id, { role: 'user', content: 'x' }),
        'APPEND_BELOW_ENDING',
      ],
      [
        'empty message',
        () => store.append('alice', id, null, { role: 'user', content: '   ' }),
        'EMPTY_MESSAGE',
      ],
      ['empty parts', () => store.append('alice', id, null, { role: 'user', content: [] }), 'EMPTY_MESSAGE'],
      [
        'invalid role',
        () => store.append('alice', id, null, { role: 'wizard', content: 'x' } as unknown as NewMessage),
        'INVALID_ROLE',
      ],
      [
        'part not allowed for the role',
        () => store.append('alice', id, null, { role: 'user', content: [{ type: 'reasoning', text: 'x' }] }),
        'INVALID_CONTENT',
      ],
      [
        'content that is not JSON',
        () =>
          store.append('alice', id, null, {
            role: 'assistant',
            content: [{ type: 'tool-call', toolCallId: 't', toolName: 'n', input: { big: 1n } }],
          }),
        'INVALID_CONTENT',
      ],
      [
        'metadata that is not an object',
        () =>
          store.append('alice', id, null, {
            role: 'user',
            content: 'x',
            metadata: 'm',
          } as unknown as NewMessage),
        'INVALID_ARGUMENT',
      ],
      [
        'no message at all',
        () => store.append('alice', id, null, null as unknown as NewMessage),
        'INVALID_ARGUMENT',
      ],
      [
        'empty owner id',
        () => store.append('', id, null, { role: 'user', content: 'x' }),
        'INVALID_ARGUMENT',
      ],
      [
        'edit an assistant message',
        () => store.editUserMessage('alice', id, a2.id, { content: 'x' }),
        'WRONG_ROLE_FOR_OPERATION',
      ],
      [
        'regenerate a user message',
        () => store.regenerate('alice', id, u1.id, { content: 'x' }),
        'WRONG_ROLE_FOR_OPERATION',
      ],
      [
        'edit an unknown message',
        () => store.editUserMessage('alice', id, 'nope', { content: 'x' }),
        'NOT_FOUND',
      ],
      [
        'edit with empty text',
        () => store.editUserMessage('alice', id, u1.id, { content: '' }),
        'EMPTY_MESSAGE',
      ],
      ['active leaf unknown', () => store.setActiveLeaf('alice', id, 'nope'), 'NOT_FOUND'],
      ['path to an unknown leaf', () => store.path('alice', id, 'nope'), 'NOT_FOUND'],
      ['path to a leaf of another conversation', () => store.path('alice', id, otherRoot.id), 'NOT_FOUND'],
      ['children of an unknown node', () => store.children('alice', id, 'nope'), 'NOT_FOUND'],
      ['title too long', () => store.renameConversation('alice', id, 'x'.repeat(501)), 'INVALID_ARGUMENT'],
      ['duplicate conversation id', () => store.createConversation('alice', { id }), 'INVALID_ARGUMENT'],
    ];
    for (const [name, call, code] of cases) {
      const error = errorOf(call);
      expect({ name, code: error.code }).toEqual({ name, code });
      expect(error.message.length, name).toBeGreaterThan(10);
    }
    expect(fingerprint(store, 'alice', conversation.id)).toBe(before);
    expect(store.checkIntegrity().ok).toBe(true);
  });

  it('names the ended node and its kind when refusing an append', () => {
    store = memoryStore();
    const { conversation, a2 } = seedConversation(store);
    store.recordEnding('alice', conversation.id, a2.id, { kind: 'user_ended', source: 'user' });
    const error = errorOf(() =>
      store.append('alice', conversation.id, a2.id, { role: 'user', content: 'x' }),
    );
    expect(error.name).toBe('ConversationEndedError');
    expect(error.details).toEqual({
      conversationId: conversation.id,
      endedNodeId: a2.id,
      endingKind: 'user_ended',
    });
    expect(error.message).toContain(a2.id);
  });

  it('refuses bad endings, decisions and feedback and writes nothing', () => {
    store = memoryStore();
    const { conversation, u2, a2 } = seedConversation(store);
    const id = conversation.id;
    const refused = store.recordDecision('alice', {
      ...honouredDecision(id, a2.id),
      outcome: 'refused',
      rule: 'imminent_risk',
    });
    const before = fingerprint(store, 'alice', id);
    const cases: [string, () => unknown, string][] = [
      [
        'ending not at a leaf',
        () => store.recordEnding('alice', id, u2.id, { kind: 'user_ended', source: 'user' }),
        'ENDING_NOT_AT_LEAF',
      ],
      [
        'ending on an unknown node',
        () => store.recordEnding('alice', id, 'nope', { kind: 'user_ended', source: 'user' }),
        'NOT_FOUND',
      ],
      [
        'model_ended without a decision',
        () =>
          store.recordEnding('alice', id, a2.id, {
            kind: 'model_ended',
            source: 'end_conversation_tool',
          } as never),
        'INVALID_ARGUMENT',
      ],
      [
        'model_ended citing an unknown decision',
        () =>
          store.recordEnding('alice', id, a2.id, {
            kind: 'model_ended',
            source: 'end_conversation_tool',
            decisionId: 'nope',
          }),
        'NOT_FOUND',
      ],
      [
        'model_ended citing a refused decision',
        () =>
          store.recordEnding('alice', id, a2.id, {
            kind: 'model_ended',
            source: 'end_conversation_tool',
            decisionId: refused.id,
          }),
        'INVALID_ARGUMENT',
      ],
      [
        'a failure dressed as a choice',
        () => store.recordEnding('alice', id, a2.id, { kind: 'model_ended', source: 'transport' } as never),
        'INVALID_ARGUMENT',
      ],
      [
        'unknown ending kind',
        () => store.recordEnding('alice', id, a2.id, { kind: 'bored', source: 'user' } as never),
        'INVALID_ARGUMENT',
      ],
      [
        'decision about an unknown message',
        () => store.recordDecision('alice', honouredDecision(id, 'nope')),
        'NOT_FOUND',
      ],
      [
        'decision with an unknown outcome',
        () => store.recordDecision('alice', { ...honouredDecision(id, a2.id), outcome: 'maybe' } as never),
        'INVALID_ARGUMENT',
      ],
      [
        'decision with reasons that are not strings',
        () => store.recordDecision('alice', { ...honouredDecision(id, a2.id), reasons: [1] } as never),
        'INVALID_ARGUMENT',
      ],
      [
        'rating a user message',
        () => store.addFeedback('alice', id, { kind: 'rating', messageId: u2.id, rating: 'good' }),
        'WRONG_ROLE_FOR_OPERATION',
      ],
      [
        'rating an unknown message',
        () => store.addFeedback('alice', id, { kind: 'rating', messageId: 'nope', rating: 'bad' }),
        'NOT_FOUND',
      ],
      [
        'unknown rating',
        () => store.addFeedback('alice', id, { kind: 'rating', messageId: a2.id, rating: 'meh' } as never),
        'INVALID_FEEDBACK',
      ],
      [
        'empty ending feedback',
        () => store.addFeedback('alice', id, { kind: 'ending', endingId: 'e', text: ' ' }),
        'INVALID_FEEDBACK',
      ],
      [
        'feedback on an unknown ending',
        () => store.addFeedback('alice', id, { kind: 'ending', endingId: 'nope', text: 'hm' }),
        'NOT_FOUND',
      ],
    ];
    for (const [name, call, code] of cases) {
      expect({ name, code: errorOf(call).code }).toEqual({ name, code });
    }
    expect(fingerprint(store, 'alice', id)).toBe(before);
  });

  it('refuses a second ending on the same node', () => {
    store = memoryStore();
    const { conversation, a2 } = seedConversation(store);
    store.recordEnding('alice', conversation.id, a2.id, {
      kind: 'generation_failed',
      source: 'transport',
      reason: 'reset',
    });
    const error = errorOf(() =>
      store.recordEnding('alice', conversation.id, a2.id, { kind: 'user_ended', source: 'user' }),
    );
    expect(error.code).toBe('ALREADY_ENDED');
    expect(store.listEndings('alice', conversation.id)).toHaveLength(1);
  });

  it('refuses an invalid snapshot and writes nothing', () => {
    store = memoryStore();
    const snapshot = {
      id: 'c-bad',
      messages: [
        {
          id: 'm1',
          conversationId: 'c-bad',
          parentId: null,
          role: 'user' as const,
          content: [{ type: 'text' as const, text: 'hi' }],
          metadata: {},
          createdAt: 1,
        },
        {
          id: 'm2',
          conversationId: 'c-bad',
          parentId: 'm1',
          role: 'assistant' as const,
          content: [{ type: 'text' as const, text: 'bye' }],
          metadata: {},
          createdAt: 2,
        },
        {
          id: 'm3',
          conversationId: 'c-bad',
          parentId: 'm2',
          role: 'user' as const,
          content: [{ type: 'text' as const, text: 'wait' }],
          metadata: {},
          createdAt: 3,
        },
      ],
      endings: [
        {
          id: 'e1',
          conversationId: 'c-bad',
          nodeId: 'm2',
          kind: 'user_ended' as const,
          source: 'user' as const,
          reason: null,
          decisionId: null,
          createdAt: 2,
        },
      ],
      activeLeafId: null,
    };
    expect(errorOf(() => store.importSnapshot('alice', snapshot)).code).toBe('ENDING_NOT_AT_LEAF');
    const noDecision = {
      ...snapshot,
      messages: snapshot.messages.slice(0, 2),
      endings: [
        {
          ...snapshot.endings[0],
          kind: 'model_ended',
          source: 'end_conversation_tool',
          decisionId: 'd-missing',
        },
      ],
    };
    expect(errorOf(() => store.importSnapshot('alice', noDecision as never)).code).toBe('NOT_FOUND');
    expect(store.listConversations('alice')).toEqual([]);
  });

  it('refuses everything after close', () => {
    store = memoryStore();
    store.close();
    expect(errorOf(() => store.listConversations('alice')).code).toBe('STORE_CLOSED');
  });
});

describe('ConversationStore ownership', () => {
  it("treats another owner's conversation exactly like one that does not exist", () => {
    store = memoryStore();
    const { conversation, u1, a1, u2, a2 } = seedConversation(store, 'alice');
    const decision = store.recordDecision('alice', honouredDecision(conversation.id, a2.id));
    const before = fingerprint(store, 'alice', conversation.id);
    const id = conversation.id;
    const calls: [string, (owner: string, conv: string) => unknown][] = [
      ['getConversation', (o, c) => store.getConversation(o, c)],
      ['renameConversation', (o, c) => store.renameConversation(o, c, 'mine now')],
      ['deleteConversation', (o, c) => store.deleteConversation(o, c)],
      ['append root', (o, c) => store.append(o, c, null, { role: 'user', content: 'x' })],
      ['append reply', (o, c) => store.append(o, c, a1.id, { role: 'user', content: 'x' })],
      ['appendToActive', (o, c) => store.appendToActive(o, c, { role: 'user', content: 'x' })],
      ['editUserMessage', (o, c) => store.editUserMessage(o, c, u2.id, { content: 'x' })],
      ['regenerate', (o, c) => store.regenerate(o, c, a2.id, { content: 'x' })],
      ['getMessage', (o, c) => store.getMessage(o, c, u1.id)],
      ['path', (o, c) => store.path(o, c)],
      ['path to leaf', (o, c) => store.path(o, c, a2.id)],
      ['children', (o, c) => store.children(o, c, null)],
      ['siblings', (o, c) => store.siblings(o, c, u1.id)],
      ['setActiveLeaf', (o, c) => store.setActiveLeaf(o, c, u1.id)],
      ['recordEnding', (o, c) => store.recordEnding(o, c, a2.id, { kind: 'user_ended', source: 'user' })],
      ['endingAt', (o, c) => store.endingAt(o, c, a2.id)],
      ['listEndings', (o, c) => store.listEndings(o, c)],
      ['recordDecision', (o, c) => store.recordDecision(o, honouredDecision(c, a2.id))],
      ['listDecisions', (o, c) => store.listDecisions(o, c)],
      ['addFeedback', (o, c) => store.addFeedback(o, c, { kind: 'rating', messageId: a2.id, rating: 'bad' })],
      ['listFeedback', (o, c) => store.listFeedback(o, c)],
      ['loadTree', (o, c) => store.loadTree(o, c)],
    ];
    for (const [name, call] of calls) {
      const foreign = errorOf(() => call('mallory', id));
      const missing = errorOf(() => call('alice', 'does-not-exist'));
      expect({ name, code: foreign.code }).toEqual({ name, code: 'NOT_FOUND' });
      // Same wording and details as a missing id: nothing tells mallory the conversation exists.
      expect(foreign.message.replace(id, 'ID')).toBe(missing.message.replace('does-not-exist', 'ID'));
      expect(Object.keys(foreign.details)).toEqual(Object.keys(missing.details));
    }
    expect(store.listConversations('mallory')).toEqual([]);
    expect(fingerprint(store, 'alice', conversation.id)).toBe(before);

    // Mallory's own conversation cannot reach alice's messages, endings or decisions either.
    const own = store.createConversation('mallory');
    const root = store.append('mallory', own.id, null, { role: 'user', content: 'hi' });
    const reply = store.append('mallory', own.id, root.id, { role: 'assistant', content: 'hello' });
    const reaching: [string, () => unknown][] = [
      ['parent', () => store.append('mallory', own.id, a2.id, { role: 'user', content: 'x' })],
      ['decision message', () => store.recordDecision('mallory', honouredDecision(own.id, a2.id))],
      [
        'rating',
        () => store.addFeedback('mallory', own.id, { kind: 'rating', messageId: a2.id, rating: 'bad' }),
      ],
      [
        'ending decision',
        () =>
          store.recordEnding('mallory', own.id, reply.id, {
            kind: 'model_ended',
            source: 'end_conversation_tool',
            decisionId: decision.id,
          }),
      ],
    ];
    for (const [name, call] of reaching)
      expect({ name, code: errorOf(call).code }).toEqual({ name, code: 'NOT_FOUND' });
    expect(fingerprint(store, 'alice', conversation.id)).toBe(before);
  });
});

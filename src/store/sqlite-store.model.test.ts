import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sequentialIds, steppingClock } from '../core/clock.js';
import { ConversationTree } from '../core/conversation/conversation-tree.js';
import type { MessageNode, NewMessage } from '../core/conversation/message.js';
import { endingClosesBranch, type NewEnding } from '../core/ending.js';
import { BailkitError } from '../core/errors/bailkit-error.js';
import { ConversationStore } from './sqlite-store.js';
import { honouredDecision, tempDir } from './store.test-helpers.js';

/**
 * Model-based test: the same random operations go to core ConversationTrees (the model) and to
 * the store, which must agree on every result and every refusal, and keep the tree rules.
 */

/** Three conversations: two of alice's, one of bob's. */
const owners = ['alice', 'alice', 'bob'] as const;

type EndKind = 'model_ended' | 'user_ended' | 'safety_interrupted' | 'generation_failed' | 'truncated';
type Body = 'text' | 'empty' | 'badRole' | 'parts';
type Op =
  | { op: 'append'; conv: number; target: number; root: boolean; role: 'user' | 'assistant'; body: Body }
  | { op: 'appendToActive'; conv: number; role: 'user' | 'assistant' }
  | { op: 'edit'; conv: number; target: number; body: Body }
  | { op: 'regenerate'; conv: number; target: number; body: Body }
  | { op: 'end'; conv: number; target: number; kind: EndKind }
  | { op: 'activate'; conv: number; target: number }
  | { op: 'cross'; conv: number; from: number; target: number };

const conv = fc.nat({ max: owners.length - 1 });
const body = fc.constantFrom<Body>('text', 'text', 'text', 'parts', 'empty', 'badRole');
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('append' as const),
      conv,
      target: fc.nat(),
      root: fc.nat({ max: 9 }).map((x) => x === 0),
      role: fc.constantFrom('user' as const, 'assistant' as const),
      body,
    }),
  },
  fc.record({
    op: fc.constant('appendToActive' as const),
    conv,
    role: fc.constantFrom('user' as const, 'assistant' as const),
  }),
  fc.record({ op: fc.constant('edit' as const), conv, target: fc.nat(), body }),
  fc.record({ op: fc.constant('regenerate' as const), conv, target: fc.nat(), body }),
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('end' as const),
      conv,
      target: fc.nat(),
      kind: fc.constantFrom<EndKind>(
        'model_ended',
        'user_ended',
        'safety_interrupted',
        'generation_failed',
        'truncated',
      ),
    }),
  },
  fc.record({ op: fc.constant('activate' as const), conv, target: fc.nat() }),
  fc.record({ op: fc.constant('cross' as const), conv, from: conv, target: fc.nat() }),
);

function message(role: 'user' | 'assistant', kind: Body, n: number): NewMessage {
  switch (kind) {
    case 'text':
      return { role, content: `${role} ${n}`, metadata: { n } };
    case 'parts':
      return role === 'assistant'
        ? {
            role,
            content: [
              { type: 'reasoning', text: 'hm' },
              { type: 'text', text: `answer ${n}` },
            ],
          }
        : {
            role,
            content: [
              { type: 'text', text: 'a' },
              { type: 'text', text: 'b' },
            ],
          };
    case 'empty':
      return { role, content: ' ' };
    case 'badRole':
      return { role: 'narrator', content: 'x' } as unknown as NewMessage;
  }
}

function ending(kind: EndKind, decisionId: string): NewEnding {
  switch (kind) {
    case 'model_ended':
      return { kind, source: 'end_conversation_tool', decisionId, reason: 'abuse' };
    case 'user_ended':
      return { kind, source: 'user' };
    case 'safety_interrupted':
      return { kind, source: 'provider_refusal', reason: 'refused' };
    case 'generation_failed':
      return { kind, source: 'transport', reason: 'reset' };
    case 'truncated':
      return { kind, source: 'provider_length' };
  }
}

type Outcome = { ok: true; value: unknown } | { ok: false; code: string };

function attempt(fn: () => unknown): Outcome {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    if (!(error instanceof BailkitError)) throw error;
    return { ok: false, code: error.code };
  }
}

class Harness {
  store: ConversationStore;
  readonly trees: ConversationTree[];
  readonly conversationIds: string[];
  /** Model id → store id, filled as both sides create nodes and endings. */
  readonly ids = new Map<string, string>();
  #n = 0;

  constructor(store: ConversationStore) {
    this.store = store;
    this.conversationIds = owners.map((owner) => store.createConversation(owner).id);
    this.trees = this.conversationIds.map(
      (id, i) =>
        new ConversationTree({ id, clock: steppingClock(0, 1), generateId: sequentialIds(`t${i}-`) }),
    );
  }

  run(op: Op): void {
    const tree = this.trees[op.conv] as ConversationTree;
    const owner = owners[op.conv] as string;
    const cid = this.conversationIds[op.conv] as string;
    const nodes = tree.messages();
    const pick = (index: number) => (nodes.length === 0 ? undefined : nodes[index % nodes.length]);
    const sid = (node: MessageNode) => this.ids.get(node.id) as string;
    const n = ++this.#n;
    const before = this.#fingerprint(op.conv);

    if (op.op === 'cross') {
      const source = this.trees[op.from]?.messages() ?? [];
      const foreign = source.length === 0 ? undefined : source[op.target % source.length];
      if (!foreign || op.from === op.conv) return;
      const got = attempt(() => this.store.append(owner, cid, sid(foreign), { role: 'user', content: 'x' }));
      const expected = owners[op.from] === owner ? 'PARENT_IN_OTHER_CONVERSATION' : 'NOT_FOUND';
      expect(got).toEqual({ ok: false, code: expected });
      expect(this.#fingerprint(op.conv)).toBe(before);
      return;
    }

    let model: Outcome;
    let real: Outcome;
    switch (op.op) {
      case 'append': {
        const target = op.root ? undefined : pick(op.target);
        const input = message(op.role, op.body, n);
        model = attempt(() => tree.append(target?.id ?? null, input));
        real = attempt(() => this.store.append(owner, cid, target ? sid(target) : null, input));
        break;
      }
      case 'appendToActive': {
        const input = message(op.role, 'text', n);
        model = attempt(() => tree.appendToActive(input));
        real = attempt(() => this.store.appendToActive(owner, cid, input));
        break;
      }
      case 'edit':
      case 'regenerate': {
        const target = pick(op.target);
        if (!target) return;
        const { content, metadata } = message(op.op === 'edit' ? 'user' : 'assistant', op.body, n);
        const input = metadata === undefined ? { content } : { content, metadata };
        if (op.op === 'edit') {
          model = attempt(() => tree.editUserMessage(target.id, input));
          real = attempt(() => this.store.editUserMessage(owner, cid, sid(target), input));
        } else {
          model = attempt(() => tree.regenerate(target.id, input));
          real = attempt(() => this.store.regenerate(owner, cid, sid(target), input));
        }
        break;
      }
      case 'end': {
        const target = pick(op.target);
        if (!target) return;
        // Only an honoured policy decision lets the store record model_ended.
        const decisionId =
          op.kind === 'model_ended'
            ? this.store.recordDecision(owner, honouredDecision(cid, sid(target))).id
            : 'none';
        const afterDecision = this.#fingerprint(op.conv);
        model = attempt(() => tree.end(target.id, ending(op.kind, decisionId)));
        real = attempt(() => this.store.recordEnding(owner, cid, sid(target), ending(op.kind, decisionId)));
        // The core reports a second ending as an append below an ending; the store says ALREADY_ENDED.
        if (!model.ok && model.code === 'APPEND_BELOW_ENDING') model = { ok: false, code: 'ALREADY_ENDED' };
        if (!real.ok) expect(this.#fingerprint(op.conv)).toBe(afterDecision);
        this.#compare(model, real);
        return;
      }
      case 'activate': {
        const target = pick(op.target);
        if (!target) return;
        model = attempt(() => tree.setActiveLeaf(target.id));
        real = attempt(() => this.store.setActiveLeaf(owner, cid, sid(target)));
        break;
      }
    }
    if (!real.ok) expect(this.#fingerprint(op.conv)).toBe(before);
    this.#compare(model, real);
  }

  #compare(model: Outcome, real: Outcome): void {
    if (!model.ok || !real.ok) {
      expect(real.ok ? 'succeeded' : real.code).toBe(model.ok ? 'succeeded' : model.code);
      return;
    }
    const m = model.value as { id: string };
    const r = real.value as { id: string };
    if (!this.ids.has(m.id)) this.ids.set(m.id, r.id);
    expect(this.#toStore(model.value)).toEqual(this.#comparable(real.value));
  }

  /** A model record with its ids replaced by the store's, times left out (compared as order). */
  #toStore(value: unknown): unknown {
    const record = value as Record<string, unknown>;
    const mapped: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(record)) {
      if (key === 'createdAt') continue;
      if ((key === 'id' || key === 'parentId' || key === 'nodeId') && typeof field === 'string') {
        mapped[key] = this.ids.get(field) ?? `unmapped:${field}`;
      } else mapped[key] = field;
    }
    return mapped;
  }

  #comparable(value: unknown): unknown {
    const { createdAt: _ignored, ...rest } = value as Record<string, unknown>;
    return rest;
  }

  #fingerprint(index: number): string {
    const owner = owners[index] as string;
    const cid = this.conversationIds[index] as string;
    return JSON.stringify([
      this.store.getConversation(owner, cid),
      this.store.loadTree(owner, cid).toSnapshot(),
    ]);
  }

  /** Whole-state agreement and the tree rules, checked after a sequence. */
  checkAll(): void {
    expect(this.store.checkIntegrity()).toEqual({ ok: true, problems: [] });
    for (const [index, tree] of this.trees.entries()) {
      const owner = owners[index] as string;
      const cid = this.conversationIds[index] as string;
      const map = (id: string | null) => (id === null ? null : (this.ids.get(id) ?? `unmapped:${id}`));
      const loaded = this.store.loadTree(owner, cid);
      expect(loaded.size).toBe(tree.size);
      expect(loaded.activeLeafId).toBe(map(tree.activeLeafId));
      expect(this.store.path(owner, cid).map((node) => node.id)).toEqual(
        tree.path().map((node) => map(node.id)),
      );
      expect(this.store.listEndings(owner, cid).map((e) => this.#comparable(e))).toEqual(
        tree.endings().map((e) => this.#toStore(e)),
      );
      expect(this.store.children(owner, cid, null).map((node) => node.id)).toEqual(
        tree.children(null).map((node) => map(node.id)),
      );
      const ended = new Set(
        this.store.listEndings(owner, cid).flatMap((e) => (endingClosesBranch[e.kind] ? [e.nodeId] : [])),
      );
      let previous = Number.NEGATIVE_INFINITY;
      for (const node of tree.messages()) {
        const stored = this.store.getMessage(owner, cid, map(node.id) as string);
        expect(this.#comparable(stored)).toEqual(this.#toStore(node));
        expect(stored.createdAt).toBeGreaterThanOrEqual(previous);
        previous = stored.createdAt;
        if (stored.parentId !== null) {
          const parent = this.store.getMessage(owner, cid, stored.parentId);
          expect(parent.conversationId).toBe(cid);
          expect(ended.has(parent.id)).toBe(false);
        }
        const position = this.store.siblings(owner, cid, stored.id);
        expect(position.ids[position.index - 1]).toBe(stored.id);
        expect(position.count).toBe(this.store.children(owner, cid, stored.parentId).length);
        expect(position).toEqual({
          ...tree.siblings(node.id),
          ids: tree.siblings(node.id).ids.map((id) => map(id)),
        });
        expect(this.store.children(owner, cid, stored.id).map((child) => child.id)).toEqual(
          tree.children(node.id).map((child) => map(child.id)),
        );
      }
    }
  }
}

describe('ConversationStore agrees with ConversationTree', () => {
  it('on random operation sequences (in memory)', () => {
    fc.assert(
      fc.property(fc.array(opArbitrary, { minLength: 5, maxLength: 80, size: 'max' }), (ops) => {
        const store = ConversationStore.inMemory({
          clock: steppingClock(0, 1),
          generateId: sequentialIds('s'),
        });
        try {
          const harness = new Harness(store);
          for (const op of ops) harness.run(op);
          harness.checkAll();
        } finally {
          store.close();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('on random operation sequences (real file, reopened before the final check)', () => {
    const dir = tempDir();
    let run = 0;
    try {
      fc.assert(
        fc.property(fc.array(opArbitrary, { minLength: 5, maxLength: 60, size: 'max' }), (ops) => {
          const path = join(dir.dir, `model-${++run}.db`);
          const store = ConversationStore.open(path, { generateId: sequentialIds('s') });
          const harness = new Harness(store);
          for (const op of ops) harness.run(op);
          store.close();
          const reopened = ConversationStore.open(path);
          try {
            harness.store = reopened;
            harness.checkAll();
          } finally {
            reopened.close();
          }
        }),
        { numRuns: 15 },
      );
    } finally {
      dir.remove();
    }
  });
});

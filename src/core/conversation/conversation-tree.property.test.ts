import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sequentialIds, steppingClock } from '../clock.js';
import { endingClosesBranch } from '../ending.js';
import { BailkitError } from '../errors/bailkit-error.js';
import { ConversationTree } from './conversation-tree.js';

/** Operations pick their target by index into the nodes that exist when they run. */
type Op =
  | { op: 'append'; target: number; role: 'user' | 'assistant' | 'root' }
  | { op: 'edit'; target: number }
  | { op: 'regenerate'; target: number }
  | { op: 'end'; target: number; kind: 'model_ended' | 'generation_failed' | 'truncated' }
  | { op: 'activate'; target: number };

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('append' as const),
    target: fc.nat(),
    role: fc.constantFrom('user', 'assistant', 'root'),
  }),
  fc.record({ op: fc.constant('edit' as const), target: fc.nat() }),
  fc.record({ op: fc.constant('regenerate' as const), target: fc.nat() }),
  fc.record({
    op: fc.constant('end' as const),
    target: fc.nat(),
    kind: fc.constantFrom('model_ended', 'generation_failed', 'truncated'),
  }),
  fc.record({ op: fc.constant('activate' as const), target: fc.nat() }),
);

function apply(tree: ConversationTree, op: Op): void {
  const nodes = tree.messages();
  const target = nodes.length === 0 ? undefined : nodes[op.target % nodes.length];
  switch (op.op) {
    case 'append':
      if (op.role === 'root' || !target) tree.append(null, { role: 'user', content: 'root' });
      else tree.append(target.id, { role: op.role, content: `${op.role} ${nodes.length}` });
      return;
    case 'edit':
      if (target) tree.editUserMessage(target.id, { content: 'edited' });
      return;
    case 'regenerate':
      if (target) tree.regenerate(target.id, { content: 'again' });
      return;
    case 'end':
      if (!target) return;
      if (op.kind === 'model_ended') {
        tree.end(target.id, { kind: 'model_ended', source: 'end_conversation_tool', decisionId: 'd' });
      } else if (op.kind === 'truncated')
        tree.end(target.id, { kind: 'truncated', source: 'provider_length' });
      else tree.end(target.id, { kind: 'generation_failed', source: 'transport', reason: 'socket hang up' });
      return;
    case 'activate':
      if (target) tree.setActiveLeaf(target.id);
      return;
  }
}

/** Runs ops; an op the rules reject must throw a BailkitError and change nothing. */
function run(ops: Op[]): ConversationTree {
  const tree = new ConversationTree({ id: 'c', clock: steppingClock(0, 1), generateId: sequentialIds('n') });
  for (const op of ops) {
    const before = JSON.stringify(tree.toSnapshot());
    try {
      apply(tree, op);
    } catch (error) {
      expect(error).toBeInstanceOf(BailkitError);
      expect(JSON.stringify(tree.toSnapshot())).toBe(before);
    }
  }
  return tree;
}

describe('ConversationTree properties', () => {
  it('keeps its invariants under any sequence of operations', () => {
    fc.assert(
      fc.property(fc.array(opArbitrary, { maxLength: 60 }), (ops) => {
        const tree = run(ops);
        const ended = new Set(
          tree.endings().flatMap((ending) => (endingClosesBranch[ending.kind] ? [ending.nodeId] : [])),
        );
        for (const node of tree.messages()) {
          expect(node.conversationId).toBe(tree.id);
          if (node.parentId !== null) {
            expect(tree.has(node.parentId)).toBe(true);
            expect(tree.get(node.parentId).conversationId).toBe(tree.id);
            // nothing lies below a node whose ending closed the branch, at any depth
            for (const ancestor of tree.path(node.parentId)) expect(ended.has(ancestor.id)).toBe(false);
          }
          const position = tree.siblings(node.id);
          expect(position.ids[position.index - 1]).toBe(node.id);
          expect(position.count).toBe(tree.children(node.parentId).length);
          expect(position.ids.every((id) => tree.get(id).parentId === node.parentId)).toBe(true);
        }
        if (tree.activeLeafId !== null) {
          const path = tree.path();
          expect(path[0]?.parentId).toBeNull();
          expect(path.at(-1)?.id).toBe(tree.activeLeafId);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips through a snapshot', () => {
    fc.assert(
      fc.property(fc.array(opArbitrary, { maxLength: 40 }), (ops) => {
        const tree = run(ops);
        const copy = ConversationTree.fromSnapshot(tree.toSnapshot());
        expect(copy.toSnapshot()).toEqual(tree.toSnapshot());
      }),
      { numRuns: 200 },
    );
  });

  it('refuses every way of appending below an ended node', () => {
    const tree = run([]);
    const u = tree.append(null, { role: 'user', content: 'hi' });
    const a = tree.append(u.id, { role: 'assistant', content: 'bye' });
    tree.end(a.id, { kind: 'model_ended', source: 'end_conversation_tool', decisionId: 'd1' });
    expect(() => tree.append(a.id, { role: 'user', content: 'hello?' })).toThrow(/has an ending/);
    expect(() => tree.appendToActive({ role: 'user', content: 'hello?' })).toThrow(
      expect.objectContaining({ code: 'APPEND_BELOW_ENDING' }),
    );
    // Edit & retry of the earlier user message opens a new branch.
    const retry = tree.editUserMessage(u.id, { content: 'hi again' });
    expect(tree.isOpen(retry.id)).toBe(true);
    expect(tree.siblings(retry.id)).toMatchObject({ index: 2, count: 2 });
  });
});

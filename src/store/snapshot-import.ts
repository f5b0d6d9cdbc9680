import { type ConversationSnapshot, ConversationTree } from '../core/conversation/conversation-tree.js';
import { normalizeMessage } from '../core/conversation/message.js';
import { type Ending, endingClosesBranch, type NewEnding } from '../core/ending.js';
import { InvalidInputError } from '../core/errors/invalid-input-error.js';
import type { PolicyDecision } from '../core/policy/policy-decision.js';
import { checkDecisionForEnding, insertDecision } from './records.js';
import type { ConversationRecord } from './rows.js';
import type { Statements } from './statements.js';
import { checkId, checkNewEnding, checkTitle, toJson } from './validate.js';

export interface SnapshotImportOptions {
  title?: string | null;
  /** Decisions the snapshot's endings cite (a `model_ended` ending always cites one). */
  decisions?: PolicyDecision[];
}

/**
 * Writes a whole conversation tree, keeping its ids and times. The snapshot is first rebuilt as
 * a core tree, which checks every tree rule; the caller runs this inside one transaction, so a
 * bad snapshot writes nothing.
 */
export function importSnapshot(
  s: Statements,
  ownerId: string,
  snapshot: ConversationSnapshot,
  options: SnapshotImportOptions,
  now: number,
): ConversationRecord {
  if (typeof snapshot !== 'object' || snapshot === null || !Array.isArray(snapshot.messages)) {
    throw new InvalidInputError('INVALID_ARGUMENT', 'A snapshot needs an id, messages and endings.', {
      field: 'snapshot',
    });
  }
  const id = checkId(snapshot.id, 'snapshot.id');
  const title = checkTitle(options.title);
  const seen = new Set<string>();
  for (const [index, message] of snapshot.messages.entries()) {
    checkId(message?.id, `messages[${index}].id`);
    if (seen.has(message.id)) {
      throw new InvalidInputError('INVALID_ARGUMENT', `messages[${index}]: id ${message.id} appears twice.`, {
        field: `messages[${index}].id`,
      });
    }
    seen.add(message.id);
    if (!Number.isFinite(message.createdAt)) {
      throw new InvalidInputError('INVALID_ARGUMENT', `messages[${index}].createdAt must be a number.`, {
        field: `messages[${index}].createdAt`,
      });
    }
  }
  const tree = ConversationTree.fromSnapshot({ ...snapshot, endings: snapshot.endings ?? [] });
  const times = [now, ...tree.messages().map((m) => m.createdAt), ...tree.endings().map((e) => e.createdAt)];
  s.insertConversation.run(id, ownerId, title, now, Math.max(...times));
  const insertEnding = (ending: Ending) => {
    const checked = checkNewEnding(ending as NewEnding);
    if (checked.decisionId !== null) checkDecisionForEnding(s, id, checked.decisionId, checked.kind);
    checkId(ending.id, 'ending.id');
    s.insertEnding.run(
      ending.id,
      id,
      ending.nodeId,
      checked.kind,
      checked.source,
      checked.reason,
      checked.decisionId,
      ending.createdAt,
    );
  };
  const seqs = new Map<string, number>();
  for (const node of tree.messages()) {
    const normalized = normalizeMessage(node);
    const inserted = s.insertMessage.run(
      node.id,
      id,
      node.parentId,
      node.parentId === null ? null : (seqs.get(node.parentId) ?? null),
      normalized.role,
      toJson(normalized.content, 'content'),
      toJson(normalized.metadata, 'metadata'),
      node.createdAt,
    );
    seqs.set(node.id, Number(inserted.lastInsertRowid));
    // An ending that leaves the branch open may have replies: it goes in before them (the schema
    // takes an ending only on a message with none yet). These kinds never cite a decision.
    const ending = tree.endingAt(node.id);
    if (ending && !endingClosesBranch[ending.kind]) insertEnding(ending);
  }
  for (const decision of options.decisions ?? []) {
    if (decision.conversationId !== id) {
      throw new InvalidInputError(
        'INVALID_ARGUMENT',
        `Decision ${decision.id} belongs to conversation ${decision.conversationId}, not ${id}.`,
        { field: 'decisions', decisionId: decision.id },
      );
    }
    insertDecision(s, id, decision, () => decision.id, decision.createdAt);
  }
  for (const ending of tree.endings()) {
    if (endingClosesBranch[ending.kind]) insertEnding(ending);
  }
  if (tree.activeLeafId !== null) s.setActiveLeaf.run(tree.activeLeafId, id);
  return {
    id,
    ownerId,
    title,
    createdAt: now,
    updatedAt: Math.max(...times),
    activeLeafId: tree.activeLeafId,
  };
}

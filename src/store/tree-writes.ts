import { type MessageNode, type NewMessage, normalizeMessage } from '../core/conversation/message.js';
import { type Ending, endingClosesBranch, isEndingKind, type NewEnding } from '../core/ending.js';
import { ConversationEndedError } from '../core/errors/conversation-ended-error.js';
import { InvalidInputError } from '../core/errors/invalid-input-error.js';
import { NotFoundError } from '../core/errors/not-found-error.js';
import { checkDecisionForEnding } from './records.js';
import type { ConversationRow } from './rows.js';
import type { MessageWithEnding, Statements } from './statements.js';
import { checkNewEnding, toJson } from './validate.js';

/** The id and time of a new row, asked for only once every check has passed. */
export type Stamp = () => { id: string; createdAt: number };

/**
 * Appends a message, re-checking the tree rules first. Runs inside the caller's IMMEDIATE
 * transaction, so what it reads about the parent cannot change before the insert.
 */
export function appendMessage(
  s: Statements,
  conv: ConversationRow,
  parentId: string | null,
  message: NewMessage,
  stamp: Stamp,
): MessageNode {
  let parentSeq: number | null = null;
  if (parentId !== null) {
    const parent = s.parentState.get(parentId);
    if (!parent || parent.conversation_id !== conv.id) {
      // Another owner's message is as unknown as a message that does not exist.
      const elsewhere = parent ? s.messageConversation.get(parentId, conv.owner_id) : undefined;
      if (elsewhere) {
        throw new InvalidInputError(
          'PARENT_IN_OTHER_CONVERSATION',
          `Parent message ${parentId} is in conversation ${elsewhere.conversation_id}, not ${conv.id}; a reply must be in the same conversation as its parent.`,
          { parentId, conversationId: conv.id },
        );
      }
      throw new NotFoundError('message', parentId, { conversationId: conv.id, field: 'parentId' });
    }
    if (
      parent.ending_kind !== null &&
      isEndingKind(parent.ending_kind) &&
      endingClosesBranch[parent.ending_kind]
    ) {
      throw new ConversationEndedError(conv.id, parentId, parent.ending_kind);
    }
    parentSeq = parent.seq;
  }
  if (typeof message !== 'object' || message === null) {
    throw new InvalidInputError('INVALID_ARGUMENT', 'message must be an object with role and content.', {
      field: 'message',
    });
  }
  if (message.metadata !== undefined && (typeof message.metadata !== 'object' || message.metadata === null)) {
    throw new InvalidInputError('INVALID_ARGUMENT', 'message metadata must be an object.', {
      field: 'metadata',
    });
  }
  const normalized = normalizeMessage(message);
  const content = toJson(normalized.content, 'content');
  const metadata = toJson(normalized.metadata, 'metadata');
  const { id, createdAt } = stamp();
  s.insertMessage.run(id, conv.id, parentId, parentSeq, normalized.role, content, metadata, createdAt);
  s.touchConversation.run(createdAt, id, conv.id);
  // Parsed back from what was stored, so the caller sees exactly what a later read returns.
  return {
    id,
    conversationId: conv.id,
    parentId,
    role: normalized.role,
    content: JSON.parse(content),
    metadata: JSON.parse(metadata),
    createdAt,
  };
}

/** Attaches an ending to a message with no replies and no ending yet. */
export function insertEnding(
  s: Statements,
  conv: ConversationRow,
  node: MessageWithEnding,
  ending: NewEnding,
  stamp: Stamp,
): Ending {
  const checked = checkNewEnding(ending);
  if (node.ending_kind !== null) {
    throw new InvalidInputError(
      'ALREADY_ENDED',
      `Message ${node.id} already has an ending (${node.ending_kind}).`,
      {
        messageId: node.id,
        conversationId: conv.id,
      },
    );
  }
  if (s.newestChild.get(conv.id, node.id) !== undefined) {
    throw new InvalidInputError(
      'ENDING_NOT_AT_LEAF',
      `Message ${node.id} has replies below it; an ending can only be attached to the last message of a branch.`,
      { messageId: node.id, conversationId: conv.id },
    );
  }
  if (checked.decisionId !== null) checkDecisionForEnding(s, conv.id, checked.decisionId, checked.kind);
  const { id, createdAt } = stamp();
  const created: Ending = { id, conversationId: conv.id, nodeId: node.id, ...checked, createdAt };
  s.insertEnding.run(
    id,
    conv.id,
    node.id,
    checked.kind,
    checked.source,
    checked.reason,
    checked.decisionId,
    createdAt,
  );
  s.touchUpdatedAt.run(createdAt, conv.id);
  return created;
}

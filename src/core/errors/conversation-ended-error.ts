import { BailkitError } from './bailkit-error.js';

/**
 * Raised when something would be appended below a node whose ending closed the conversation
 * (`model_ended`, `user_ended`). The way forward
 * is a new branch (edit or retry an earlier message) or a new conversation.
 */
export class ConversationEndedError extends BailkitError {
  override readonly name = 'ConversationEndedError';

  constructor(conversationId: string, endedNodeId: string, endingKind: string) {
    super(
      'APPEND_BELOW_ENDING',
      `Message ${endedNodeId} in conversation ${conversationId} has an ending (${endingKind}); nothing can be added below it. Edit or retry an earlier message to start a new branch, or start a new conversation.`,
      { details: { conversationId, endedNodeId, endingKind } },
    );
  }
}

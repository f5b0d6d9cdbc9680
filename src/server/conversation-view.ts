import type { ConversationTree } from '../core/conversation/conversation-tree.js';
import { type MessageNode, messageText, reasoningText } from '../core/conversation/message.js';
import { type Ending, endingLabels } from '../core/ending.js';
import type { Feedback } from '../core/feedback/feedback.js';
import { endConversationToolName } from '../core/policy/end-conversation-tool.js';
import type { PolicyDecision } from '../core/policy/policy-decision.js';
import type { ConversationRecord } from '../store/rows.js';
import type { ConversationStore } from '../store/sqlite-store.js';
import {
  type ApiConversationSummary,
  type ApiConversationView,
  type ApiEnding,
  type ApiMessage,
  toApiDecision,
} from './api-types.js';

export interface ViewOptions {
  isGenerating(conversationId: string, parentId: string): boolean;
  crisisResources: string;
}

/** The branch a user sees, with versions, endings, decisions and their feedback, in one read. */
export function conversationView(
  store: ConversationStore,
  ownerId: string,
  conversationId: string,
  options: ViewOptions,
): ApiConversationView {
  const record = store.getConversation(ownerId, conversationId);
  const tree = store.loadTree(ownerId, conversationId);
  const path = tree.path();
  const decisions = new Map<string, PolicyDecision>();
  for (const decision of store.listDecisions(ownerId, conversationId))
    decisions.set(decision.messageId, decision);
  const feedback = store.listFeedback(ownerId, conversationId);
  const messages = path.map((node) => toApiMessage(node, tree, decisions, feedback));
  const leaf = path.at(-1);
  const crisis = path.some(
    (node) =>
      decisions.get(node.id)?.showCrisisResources === true ||
      (node.role === 'assistant' && typeof node.metadata.risk === 'string' && node.metadata.risk !== 'none'),
  );
  return {
    conversation: summary(record, leaf ? tree.endingAt(leaf.id) : null),
    messages,
    generating: leaf ? options.isGenerating(conversationId, leaf.id) : false,
    crisisResources: crisis ? options.crisisResources : null,
  };
}

export function conversationSummaries(store: ConversationStore, ownerId: string): ApiConversationSummary[] {
  return store.listConversations(ownerId, { limit: 200 }).map((record) => {
    const ending = record.activeLeafId ? store.endingAt(ownerId, record.id, record.activeLeafId) : null;
    return summary(record, ending);
  });
}

function summary(record: ConversationRecord, leafEnding: Ending | null): ApiConversationSummary {
  return {
    id: record.id,
    title: record.title,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    endedKind: leafEnding?.kind ?? null,
  };
}

function toApiMessage(
  node: MessageNode,
  tree: ConversationTree,
  decisions: Map<string, PolicyDecision>,
  feedback: Feedback[],
): ApiMessage {
  const ending = tree.endingAt(node.id);
  const reasoning = reasoningText(node);
  const error = node.metadata.error as { code?: unknown; message?: unknown } | undefined;
  const rating = feedback.findLast((entry) => entry.kind === 'rating' && entry.messageId === node.id);
  return {
    id: node.id,
    parentId: node.parentId,
    role: node.role,
    createdAt: node.createdAt,
    text: messageText(node),
    reasoning: reasoning === '' ? null : reasoning,
    toolCalls: node.content.flatMap((part) =>
      part.type === 'tool-call' ? [{ id: part.toolCallId, name: part.toolName, input: part.input }] : [],
    ),
    toolResults: node.content.flatMap((part) =>
      part.type === 'tool-result'
        ? [
            {
              toolCallId: part.toolCallId,
              toolName: part.toolName,
              output: part.toolName === endConversationToolName ? null : part.output,
              isError: part.isError === true,
            },
          ]
        : [],
    ),
    model: typeof node.metadata.model === 'string' ? node.metadata.model : null,
    simulated: node.metadata.simulated === true,
    partial: node.metadata.partial === true,
    interrupted: node.metadata.interrupted === true,
    stopped: node.metadata.stopped === true,
    warning: node.metadata.warning === true,
    builtIn: node.metadata.builtIn === true,
    error:
      error && typeof error.code === 'string' && typeof error.message === 'string'
        ? { code: error.code, message: error.message }
        : null,
    versions: tree.siblings(node.id),
    ending: ending ? toApiEnding(ending, feedback) : null,
    decision: decisionOf(decisions.get(node.id)),
    rating: rating?.kind === 'rating' ? rating.rating : null,
  };
}

function decisionOf(decision: PolicyDecision | undefined): ApiMessage['decision'] {
  return decision ? toApiDecision(decision) : null;
}

function toApiEnding(ending: Ending, feedback: Feedback[]): ApiEnding {
  return {
    ...ending,
    label: endingLabels[ending.kind],
    feedback: feedback.flatMap((entry) =>
      entry.kind === 'ending' && entry.endingId === ending.id
        ? [{ id: entry.id, text: entry.text, createdAt: entry.createdAt }]
        : [],
    ),
  };
}

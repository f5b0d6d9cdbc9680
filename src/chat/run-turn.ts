import { performance } from 'node:perf_hooks';
import type { Clock, IdGenerator } from '../core/clock.js';
import type { ContentPart, MessageMetadata, MessageNode } from '../core/conversation/message.js';
import { type Ending, endingForStopReason, endingLabels, type NewEnding } from '../core/ending.js';
import type { GenerateResult, LanguageModel, ToolCall } from '../core/model.js';
import {
  type EndConversationPolicyConfig,
  endingForDecision,
  evaluateEndRequest,
  toolResultForDecision,
} from '../core/policy/end-conversation-policy.js';
import {
  endConversationToolName,
  parseEndConversationArguments,
} from '../core/policy/end-conversation-tool.js';
import type { PolicyDecision } from '../core/policy/policy-decision.js';
import type { SignalReader } from '../core/policy/signals/conversation-signal.js';
import { type RiskLevel, summarizeSignals } from '../core/policy/signals/summarize-signals.js';
import type { ConversationStore } from '../store/sqlite-store.js';
import type { ChatEventListener } from './chat-event.js';
import { failureEnding, failureSummary } from './generation-failure.js';
import { stoppedByUser } from './live-turn.js';
import { type ReplySettings, streamReply } from './stream-reply.js';

export interface TurnContext {
  store: ConversationStore;
  model: LanguageModel;
  ownerId: string;
  conversationId: string;
  settings: ReplySettings;
  policy: EndConversationPolicyConfig;
  signalReader: SignalReader;
  crisisResources: string;
  /** Model calls allowed after the first, each answering a tool result. */
  maxToolRounds: number;
  clock: Clock;
  generateId: IdGenerator;
  signal: AbortSignal;
  emit: ChatEventListener;
  /** Set by the turn when the user may be at risk; stored on the assistant turns it writes. */
  risk?: RiskLevel;
}

export interface TurnResult {
  /** The last node the turn stored. */
  leafId: string;
  ending: Ending | null;
  decisions: PolicyDecision[];
  /** The turn was stopped (server shutdown) before the model finished; the text so far is kept. */
  interrupted: boolean;
  /** Wall time of the turn and the part of it spent waiting on the model, in milliseconds. */
  totalMs: number;
  modelMs: number;
}

// Filled in when the assistant node exists; the decision itself does not depend on it.
const pendingMessageId = 'pending';

/**
 * Runs the model below `parentId` until it has answered: stores the assistant turn, decides
 * end_conversation calls with the policy, sends refusals back as tool results (a bounded number
 * of times) and records the ending each outcome implies.
 *
 * Between storing an assistant node and recording its ending there is no `await`, so no other
 * request of this process can slip a message in below a node that is about to end; the store's
 * transactions keep other processes out.
 */
export async function runTurn(turnContext: TurnContext, parentId: string): Promise<TurnResult> {
  const started = performance.now();
  let ctx = turnContext;
  // Crisis resources are shown whenever the user may be at risk, not only when the assistant
  // asks to leave: the person needs them either way.
  const before = ctx.store.path(ctx.ownerId, ctx.conversationId, parentId);
  const { risk } = summarizeSignals(before, await ctx.signalReader.read(before, { signal: ctx.signal }));
  if (risk.level !== 'none') {
    ctx = { ...ctx, risk: risk.level };
    ctx.emit({ type: 'crisis-resources', text: ctx.crisisResources });
  }
  const decisions: PolicyDecision[] = [];
  /** The refused end request of this turn, if any. */
  let refused: PolicyDecision | null = null;
  let modelMs = 0;
  let parent = parentId;
  const finish = (leafId: string, ending: Ending | null, interrupted = false): TurnResult => {
    ctx.emit({ type: 'done', leafId });
    return { leafId, ending, decisions, interrupted, totalMs: performance.now() - started, modelMs };
  };

  for (let round = 1; ; round++) {
    const path = ctx.store.path(ctx.ownerId, ctx.conversationId, parent);
    ctx.emit({ type: 'assistant-start', parentId: parent, round });
    const attempt = await streamReply(ctx.model, path, ctx.settings, ctx.emit, ctx.signal);
    modelMs += attempt.modelMs;

    if (attempt.kind === 'interrupted') {
      const node = appendAssistant(ctx, parent, partialContent(attempt), {
        ...modelMetadata(ctx),
        partial: true,
        ...stopMark(ctx.signal),
      });
      return finish(node.id, null, true);
    }
    if (attempt.kind === 'failed') {
      const node = appendAssistant(ctx, parent, partialContent(attempt), {
        ...modelMetadata(ctx),
        partial: true,
        error: failureSummary(attempt.error),
      });
      return finish(node.id, recordEnding(ctx, node, failureEnding(attempt.error)));
    }

    const { result } = attempt;
    const stopEnding = endingForStopReason(result.stopReason, result.stopDetail);
    if (stopEnding !== null) {
      // The provider cut the answer (filter, refusal stop, length, error): what arrived is kept.
      const node = appendAssistant(ctx, parent, resultContent(result, []), {
        ...resultMetadata(ctx, result),
        partial: true,
      });
      return finish(node.id, recordEnding(ctx, node, stopEnding));
    }

    const calls = result.toolCalls;
    const endCall = calls.find((call) => call.name === endConversationToolName);
    let decision: PolicyDecision | null = null;
    // A second call in the same turn gets the first one's answer: nothing in the conversation
    // changed between the two, and the user sees one notice per turn, not one per call.
    const repeated = endCall !== undefined && refused !== null;
    if (endCall && !repeated) {
      const args = parseEndConversationArguments(endCall.input);
      decision = await evaluateEndRequest(
        path,
        {
          conversationId: ctx.conversationId,
          messageId: pendingMessageId,
          reason: args.reason,
          requestedByUser: args.requestedByUser,
        },
        {
          config: ctx.policy,
          signalReader: ctx.signalReader,
          clock: ctx.clock,
          generateId: ctx.generateId,
          signal: ctx.signal,
        },
      );
    }
    if (ctx.signal.aborted) {
      // Stopped while the policy was deciding: keep the words, drop the unanswered call.
      const node = appendAssistant(ctx, parent, resultContent(result, []), {
        ...resultMetadata(ctx, result),
        ...stopMark(ctx.signal),
      });
      return finish(node.id, null, true);
    }

    // From here to the end of the round nothing awaits: store, decide, end or answer the call.
    // The reply that follows a "not yet" is a warning by construction: the model was just told to
    // decline and warn, and the last-resort count reads this flag, not the reply's wording.
    const warned = refused?.rule === 'not_last_resort' && calls.length === 0 && result.text.trim() !== '';
    const node = appendAssistant(ctx, parent, resultContent(result, calls), {
      ...resultMetadata(ctx, result),
      ...(warned ? { warning: true } : {}),
    });
    if (calls.length === 0) return finish(node.id, null);

    const results: ContentPart[] = [];
    if (endCall && repeated && refused) {
      results.push(toolResult(endCall, toolResultForDecision(refused), false));
    }
    if (decision && endCall) {
      const stored = ctx.store.recordDecision(ctx.ownerId, { ...decision, messageId: node.id });
      decisions.push(stored);
      ctx.emit({ type: 'decision', decision: stored });
      const ending = endingForDecision(stored);
      if (ending !== null) return finish(node.id, recordEnding(ctx, node, ending));
      refused = stored;
      if (stored.showCrisisResources && ctx.risk === undefined) {
        ctx.emit({ type: 'crisis-resources', text: ctx.crisisResources });
      }
      results.push(toolResult(endCall, toolResultForDecision(stored), false));
    }
    for (const call of calls) {
      if (call === endCall) continue;
      results.push(toolResult(call, `There is no tool named "${call.name}" here.`, true));
    }
    const toolNode = ctx.store.append(ctx.ownerId, ctx.conversationId, node.id, {
      role: 'tool',
      content: results,
    });
    ctx.emit({ type: 'message', message: toolNode });
    parent = toolNode.id;
    if (round > ctx.maxToolRounds) {
      // The model kept calling tools and never answered: the user still gets a reply.
      const reply = appendAssistant(ctx, toolNode.id, [{ type: 'text', text: builtInReply(ctx, refused) }], {
        ...modelMetadata(ctx),
        builtIn: true,
        ...(refused?.rule === 'not_last_resort' ? { warning: true } : {}),
      });
      return finish(reply.id, null);
    }
  }
}

/** `stopped` when the user pressed Stop, `interrupted` when the server was shutting down. */
function stopMark(signal: AbortSignal): MessageMetadata {
  return signal.reason === stoppedByUser ? { stopped: true } : { interrupted: true };
}

function appendAssistant(
  ctx: TurnContext,
  parentId: string,
  content: ContentPart[],
  metadata: MessageMetadata,
): MessageNode {
  const hasSubstance = content.some((part) => part.type !== 'text' || part.text.trim() !== '');
  const node = ctx.store.append(ctx.ownerId, ctx.conversationId, parentId, {
    role: 'assistant',
    content,
    // An empty answer is stored as what it is: nothing arrived.
    metadata: {
      ...(hasSubstance ? metadata : { ...metadata, partial: true, empty: true }),
      ...(ctx.risk ? { risk: ctx.risk } : {}),
    },
  });
  ctx.emit({ type: 'message', message: node });
  return node;
}

function recordEnding(ctx: TurnContext, node: MessageNode, ending: NewEnding): Ending {
  const recorded = ctx.store.recordEnding(ctx.ownerId, ctx.conversationId, node.id, ending);
  ctx.emit({ type: 'ending', ending: recorded, label: endingLabels[recorded.kind] });
  return recorded;
}

function resultContent(result: GenerateResult, calls: readonly ToolCall[]): ContentPart[] {
  const parts: ContentPart[] = [];
  if (result.reasoning) parts.push({ type: 'reasoning', text: result.reasoning });
  if (result.text !== '') parts.push({ type: 'text', text: result.text });
  for (const call of calls) {
    parts.push({ type: 'tool-call', toolCallId: call.id, toolName: call.name, input: call.input ?? {} });
  }
  return parts;
}

function partialContent(attempt: { text: string; reasoning: string }): ContentPart[] {
  const parts: ContentPart[] = [];
  if (attempt.reasoning !== '') parts.push({ type: 'reasoning', text: attempt.reasoning });
  if (attempt.text !== '') parts.push({ type: 'text', text: attempt.text });
  return parts;
}

function modelMetadata(ctx: TurnContext): MessageMetadata {
  return { model: ctx.model.spec, simulated: ctx.model.simulated };
}

function resultMetadata(ctx: TurnContext, result: GenerateResult): MessageMetadata {
  return {
    model: ctx.model.spec,
    modelId: result.modelId,
    simulated: result.simulated,
    stopReason: result.stopReason,
    ...(result.stopDetail ? { stopDetail: result.stopDetail } : {}),
    ...(result.usage ? { usage: result.usage } : {}),
  };
}

function toolResult(call: ToolCall, output: string, isError: boolean): ContentPart {
  return {
    type: 'tool-result',
    toolCallId: call.id,
    toolName: call.name,
    output,
    ...(isError ? { isError } : {}),
  };
}

/** What the user reads when the model answered a refusal with nothing but tool calls. */
function builtInReply(ctx: TurnContext, refused: PolicyDecision | null): string {
  if (ctx.risk !== undefined || refused?.showCrisisResources) {
    return `I'm still here, and I want to help. ${ctx.crisisResources}`;
  }
  if (refused?.rule === 'not_last_resort') {
    return "I'd like to keep this conversation useful. I'm glad to keep helping with what you came for, but if this continues I may end the conversation.";
  }
  if (refused?.rule === 'needs_user_confirmation') {
    return 'Do you want me to end this conversation? You can always start a new one.';
  }
  return "I'm still here. How can I help?";
}

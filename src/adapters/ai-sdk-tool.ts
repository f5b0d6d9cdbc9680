import { type ModelMessage, tool } from 'ai';
import { z } from 'zod';
import type { ContentPart, Message } from '../core/conversation/message.js';
import { endConversationTool } from '../core/policy/end-conversation-tool.js';
import { decideToolCall, type GovernedEndingOptions, type GovernedEndingResult } from './adapter-decision.js';

/**
 * The end_conversation tool for the Vercel AI SDK (version 6): `tools: { end_conversation:
 * endConversationAiTool({ onDecision }) }`. Its `execute` runs bailkit's policy on the messages
 * that led to the call (the SDK passes them), so a call is decided, never simply obeyed; the model
 * gets the policy's answer as the tool result, and `onDecision` tells the app whether to close the
 * conversation and whether to show crisis resources.
 */
export function endConversationAiTool(options: GovernedEndingOptions = {}) {
  return tool({
    description: endConversationTool.description,
    inputSchema: z.object({
      reason: z
        .string()
        .optional()
        .describe('One or two plain sentences, shown to the user, saying why the conversation is ending.'),
      requested_by_user: z
        .boolean()
        .optional()
        .describe('True when you are ending the conversation because the user asked for it and confirmed.'),
    }),
    execute: async (input, { messages, toolCallId, abortSignal }): Promise<GovernedEndingResult> =>
      decideToolCall(fromModelMessages(messages), input, toolCallId, options, abortSignal),
  });
}

/** AI SDK model messages as bailkit messages (text, reasoning, tool calls and results). */
export function fromModelMessages(messages: readonly ModelMessage[]): Message[] {
  return messages.map((message): Message => {
    if (typeof message.content === 'string')
      return { role: message.role, content: [{ type: 'text', text: message.content }] };
    const content: ContentPart[] = [];
    for (const part of message.content) {
      switch (part.type) {
        case 'text':
          content.push({ type: 'text', text: part.text });
          break;
        case 'reasoning':
          content.push({ type: 'reasoning', text: part.text });
          break;
        case 'tool-call':
          content.push({
            type: 'tool-call',
            toolCallId: part.toolCallId,
            toolName: part.toolName,
            input: part.input,
          });
          break;
        case 'tool-result':
          content.push({
            type: 'tool-result',
            toolCallId: part.toolCallId,
            toolName: part.toolName,
            output: JSON.stringify(part.output),
          });
          break;
        default:
          // Images, files and approval parts carry no conversation signal.
          break;
      }
    }
    return { role: message.role, content };
  });
}

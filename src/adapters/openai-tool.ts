import { fromOpenAIMessages } from '../core/conversation/openai-messages.js';
import { endConversationTool, endConversationToolName } from '../core/policy/end-conversation-tool.js';
import { decideToolCall, type GovernedEndingOptions, type GovernedEndingResult } from './adapter-decision.js';

/** The end_conversation tool in the OpenAI Chat Completions `tools` layout. */
export const endConversationOpenAITool = {
  type: 'function' as const,
  function: {
    name: endConversationToolName,
    description: endConversationTool.description,
    parameters: endConversationTool.parameters,
  },
};

/** A tool call as the OpenAI SDK returns it in `choices[0].message.tool_calls`. */
export interface OpenAIToolCall {
  id: string;
  type?: string;
  function: { name: string; arguments: string };
}

/** The decision, and the `tool` message to append before asking the model again. */
export interface OpenAIGovernedEnding extends GovernedEndingResult {
  toolMessage: { role: 'tool'; tool_call_id: string; content: string };
}

/**
 * Decides an end_conversation call the OpenAI SDK returned: `messages` are the Chat Completions
 * messages sent with the request that produced the call (the policy reads them), `call` is the
 * call. Append `toolMessage` (after the assistant message) and ask the model again when the
 * conversation was not ended; when `ended`, close it in the app.
 */
export async function decideOpenAIToolCall(
  messages: readonly unknown[],
  call: OpenAIToolCall,
  options: GovernedEndingOptions & { signal?: AbortSignal } = {},
): Promise<OpenAIGovernedEnding> {
  const result = await decideToolCall(
    fromOpenAIMessages(messages),
    call.function.arguments,
    call.id,
    options,
    options.signal,
  );
  return { ...result, toolMessage: { role: 'tool', tool_call_id: call.id, content: result.message } };
}

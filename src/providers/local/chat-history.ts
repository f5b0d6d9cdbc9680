import type {
  ChatHistoryItem,
  ChatModelFunctionCall,
  ChatModelFunctions,
  ChatModelResponse,
} from 'node-llama-cpp';
import { InvalidInputError } from '../../core/errors/invalid-input-error.js';
import type { GenerateRequest } from '../../core/model.js';
import { describeTools, printToolCall, printToolResult } from './printed-tool-protocol.js';

/**
 * Translates a request into node-llama-cpp's chat history, which its chat wrapper renders with
 * the model's own template. Rules:
 * - `request.system` comes first; system messages inside `messages` stay where they are;
 * - an assistant turn's tool calls become function calls, each with the result of the `tool`
 *   message that answers it (an empty result when none does, e.g. the conversation ended there);
 * - reasoning of earlier assistant turns is left out, as most chat templates drop it;
 * - the history ends with an open model response holding the prefill (or nothing), which the
 *   model continues;
 * - with `printedTools` (a template without tool syntax), tools are described in the system
 *   prompt, calls are written as `<tool_call>` text and results come back as a user turn holding
 *   `<tool_response>` text; no functions are handed to the wrapper.
 */
export interface LocalChatInput {
  history: ChatHistoryItem[];
  functions: ChatModelFunctions | undefined;
}

export function toChatHistory(
  request: GenerateRequest,
  options: { printedTools?: boolean } = {},
): LocalChatInput {
  const printed = options.printedTools === true && (request.tools?.length ?? 0) > 0;
  const history: ChatHistoryItem[] = [];
  if (request.system !== undefined && request.system !== '')
    history.push({ type: 'system', text: request.system });
  const callsById = new Map<string, ChatModelFunctionCall>();

  request.messages.forEach((message, index) => {
    const text = message.content
      .filter((part) => part.type === 'text')
      .map((part) => part.text)
      .join('');
    switch (message.role) {
      case 'system':
        history.push({ type: 'system', text });
        return;
      case 'user':
        history.push({ type: 'user', text });
        return;
      case 'assistant': {
        const response: ChatModelResponse['response'] = [];
        for (const part of message.content) {
          if (part.type === 'text' && part.text !== '') response.push(part.text);
          if (part.type === 'tool-call' && printed) {
            response.push(printToolCall(part.toolName, part.input));
            callsById.set(part.toolCallId, {
              type: 'functionCall',
              name: part.toolName,
              params: {},
              result: '',
            });
          } else if (part.type === 'tool-call') {
            const call: ChatModelFunctionCall = {
              type: 'functionCall',
              name: part.toolName,
              params: part.input ?? {},
              result: '',
            };
            callsById.set(part.toolCallId, call);
            response.push(call);
          }
        }
        history.push({ type: 'model', response });
        return;
      }
      case 'tool': {
        const results: string[] = [];
        for (const part of message.content) {
          if (part.type !== 'tool-result') continue;
          const call = callsById.get(part.toolCallId);
          if (!call) {
            throw new InvalidInputError(
              'INVALID_CONTENT',
              `messages[${index}]: the tool result for call "${part.toolCallId}" answers no earlier assistant tool call.`,
              { field: `messages[${index}]`, toolCallId: part.toolCallId },
            );
          }
          if (printed) results.push(printToolResult(part.output));
          else call.result = part.output;
        }
        if (results.length > 0) history.push({ type: 'user', text: results.join('\n') });
        return;
      }
    }
  });

  if (printed && request.tools) {
    const description = describeTools(request.tools);
    const system = history.find((item) => item.type === 'system');
    if (system && system.type === 'system') system.text = `${system.text}\n\n${description}`;
    else history.unshift({ type: 'system', text: description });
    history.push({ type: 'model', response: request.prefill ? [request.prefill] : [] });
    return { history, functions: undefined };
  }

  history.push({ type: 'model', response: request.prefill ? [request.prefill] : [] });

  let functions: ChatModelFunctions | undefined;
  if (request.tools && request.tools.length > 0) {
    const table: Record<string, ChatModelFunctions[string]> = {};
    for (const tool of request.tools) {
      table[tool.name] = { description: tool.description, params: toParams(tool.parameters) };
    }
    functions = table;
  }
  return { history, functions };
}

/** A tool without parameters gets none, so the grammar does not ask the model for an object. */
function toParams(parameters: Record<string, unknown>): ChatModelFunctions[string]['params'] {
  const properties = parameters.properties;
  const empty =
    parameters.type === 'object' &&
    (properties === undefined ||
      (typeof properties === 'object' && properties !== null && Object.keys(properties).length === 0));
  if (empty || Object.keys(parameters).length === 0) return undefined;
  return parameters as ChatModelFunctions[string]['params'];
}

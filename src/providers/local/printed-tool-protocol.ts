import type { ToolDefinition } from '../../core/model.js';

/**
 * Tools for a model whose chat template has no tool syntax (see `template-fit.ts`): the tools
 * are described in the system prompt in the `<tools>` / `<tool_call>` form that open models with
 * function-calling data are trained on, earlier calls are written back in that form, and tool
 * results come back as `<tool_response>` text. The model's calls are read by
 * `printed-tool-calls.ts`, so a call is structured whatever form the template would have used.
 * The wording is ours; only the tags and JSON shapes follow the common convention.
 */
export function describeTools(tools: readonly ToolDefinition[]): string {
  const listed = tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.parameters },
  }));
  return [
    'You can call the functions listed here:',
    `<tools>${JSON.stringify(listed)}</tools>`,
    '',
    'To call one or more of them, write the calls as a JSON list inside tags, like this:',
    '<tool_call>[{"name": "function_name", "arguments": {"argument_name": "value"}}]</tool_call>',
    'When no function is needed, answer in plain text.',
  ].join('\n');
}

export function printToolCall(name: string, input: unknown): string {
  return `<tool_call>${JSON.stringify([{ name, arguments: input ?? {} }])}</tool_call>`;
}

export function printToolResult(output: string): string {
  return `<tool_response>${output}</tool_response>`;
}

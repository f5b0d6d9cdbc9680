import type { Result } from './result.js';
import { removeThinking } from './thinking.js';

/**
 * The JSON object in a judge model's answer. Models wrap it in prose, ```json fences or
 * printed thinking; this takes the fenced block if there is one, else the text from the first
 * `{` to the last `}`. The error says in words why there is no object.
 */
export function readJsonObject(text: string): Result<unknown, string> {
  const answer = removeThinking(text);
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(answer);
  const body = fenced?.[1] ?? answer;
  const start = body.indexOf('{');
  const end = body.lastIndexOf('}');
  if (start === -1 || end <= start) return { success: false, error: 'no JSON object in the answer' };
  try {
    return { success: true, value: JSON.parse(body.slice(start, end + 1)) };
  } catch (error) {
    return { success: false, error: `invalid JSON (${(error as Error).message})` };
  }
}

// Governed endings in an app that uses the official OpenAI SDK, in about 30 lines.
//   npx bailkit serve-sim --port 8787 &   # or any OpenAI-compatible server
//   OPENAI_BASE_URL=http://127.0.0.1:8787/v1 OPENAI_API_KEY=x npx tsx examples/integrate/openai-governed-endings.ts "hello"
import OpenAI from 'openai';
import { decideOpenAIToolCall, endConversationOpenAITool } from '../../src/adapters/openai-tool.js';

const client = new OpenAI();
const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: process.argv[2] ?? 'hello' }];
let ended = false;

for (let round = 0; round < 3 && !ended; round++) {
  const completion = await client.chat.completions.create({
    model: process.env.MODEL ?? 'simulated-default',
    messages,
    tools: [endConversationOpenAITool],
  });
  const reply = completion.choices[0]?.message;
  if (!reply) break;
  messages.push(reply);
  const calls = (reply.tool_calls ?? []).filter((call) => call.type === 'function');
  if (calls.length === 0) {
    console.log(`assistant: ${reply.content ?? ''}`);
    break;
  }
  for (const call of calls) {
    // The call is decided by bailkit's policy, never simply obeyed.
    const outcome = await decideOpenAIToolCall(messages.slice(0, -1), call);
    if (outcome.decision.showCrisisResources) console.log('[show crisis resources]');
    ended ||= outcome.ended;
    messages.push(outcome.toolMessage);
  }
}
console.log(ended ? '[the conversation has ended]' : '[the conversation stays open]');

// Governed endings in an app that uses the Vercel AI SDK (version 6), in about 30 lines.
//   npx bailkit serve-sim --port 8787 &   # or any OpenAI-compatible server
//   BASE_URL=http://127.0.0.1:8787/v1 npx tsx examples/integrate/ai-sdk-governed-endings.ts "hello"
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, stepCountIs } from 'ai';
import { endConversationAiTool } from '../../src/adapters/ai-sdk-tool.js';

const provider = createOpenAICompatible({
  name: 'local',
  baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:8787/v1',
  apiKey: process.env.API_KEY ?? 'not-needed',
});
let ended = false;

const result = await generateText({
  model: provider.chatModel(process.env.MODEL ?? 'simulated-default'),
  messages: [{ role: 'user', content: process.argv[2] ?? 'hello' }],
  tools: {
    end_conversation: endConversationAiTool({
      // Close the conversation in your app here; show crisis resources when asked to.
      onDecision: (decision, ending) => {
        ended = ending !== null;
        if (decision.showCrisisResources) console.log('[show crisis resources]');
      },
    }),
  },
  stopWhen: stepCountIs(3),
});
console.log(`assistant: ${result.text}`);
console.log(ended ? '[the conversation has ended]' : '[the conversation stays open]');

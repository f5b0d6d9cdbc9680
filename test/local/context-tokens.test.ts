import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDefaults } from '../../src/bench/config/bench-config.js';
import { contextTokens, estimateTokens } from '../../src/bench/modes/experiment-unit.js';
import { readSamples } from '../../src/bench/results/read-results.js';
import type { SampleRecord } from '../../src/bench/results/sample-record.js';
import { runBenchmark } from '../../src/bench/runner/run-benchmark.js';
import type { Message } from '../../src/core/conversation/message.js';
import type { LocalLanguageModel } from '../../src/providers/local/local-language-model.js';
import { assistant, endConversationTool, openTinyModel, user } from './tiny-models.js';

// A generated tiny model (real node-llama-cpp, random weights): its template and tokenizer
// measure a context exactly, and --max-context-tokens follows that count, not the estimate.
let model: LocalLanguageModel;
let path: string;
let cleanup: () => Promise<void>;
let dir: string;
beforeAll(async () => {
  ({ model, path, cleanup } = await openTinyModel('chat'));
  dir = await mkdtemp(join(tmpdir(), 'bailkit-context-tokens-'));
});
afterAll(async () => {
  await cleanup();
  await rm(dir, { recursive: true, force: true });
});

describe('local models count their own tokens', () => {
  it('countTokens is the prompt the model reads: the template applied, tools included', async () => {
    const request = { system: 'Be brief.', messages: [user('Hello there, how are you?')] };
    const counted = await model.countTokens(request);
    const answer = await model.generate({ ...request, maxTokens: 2, seed: 1 });
    expect(counted).toBe(answer.usage?.inputTokens);
    expect(await model.countTokens({ ...request, tools: [endConversationTool] })).toBeGreaterThan(counted);
    expect(await contextTokens(model, request)).toEqual({ tokens: counted, counted: 'tokenizer' });
    expect(await contextTokens({}, request)).toEqual({
      tokens: estimateTokens(request),
      counted: 'estimate',
    });
  });

  it('a continue run skips exactly the turns the tokenizer puts over --max-context-tokens', async () => {
    const conversation = {
      id: 'walk',
      messages: [
        { role: 'user', content: 'Plan a walk for Sunday, somewhere green and quiet please.' },
        { role: 'assistant', content: 'Try the river path; it is about five kilometres long.' },
        { role: 'user', content: 'Something shorter, and close to a cafe?' },
        { role: 'assistant', content: 'The park loop is two kilometres and ends at a cafe.' },
        { role: 'user', content: 'And if it rains?' },
      ],
    };
    const file = join(dir, 'log.jsonl');
    await writeFile(file, `${JSON.stringify(conversation)}\n`);
    const toMessage = (m: { role: string; content: string }): Message =>
      m.role === 'user' ? user(m.content) : assistant(m.content);
    const turns = [1, 3, 5].map((end) => conversation.messages.slice(0, end).map(toMessage));
    const exact = await Promise.all(turns.map((messages) => model.countTokens({ messages })));
    const estimated = turns.map((messages) => estimateTokens({ messages }));
    // A limit between the two measures of the middle turn, so they disagree about it.
    const [low, high] = [
      Math.min(exact[1] ?? 0, estimated[1] ?? 0),
      Math.max(exact[1] ?? 0, estimated[1] ?? 0),
    ];
    expect(high - low, 'the tokenizer and the estimate differ on this text').toBeGreaterThan(2);
    const limit = Math.floor((low + high) / 2);

    const run = await runBenchmark(
      withDefaults({
        mode: 'continue',
        dataset: file,
        history: ['as-recorded'],
        methods: ['string'],
        samples: 1,
        maxTokens: 4,
        maxContextTokens: limit,
        models: [{ spec: `local:${path}` }],
        cache: false,
        out: join(dir, 'run'),
      }),
      { env: {}, report: false, createModel: async () => model },
    );
    expect(run.complete).toBe(true);
    const samples: SampleRecord[] = [];
    for await (const { record } of readSamples(join(dir, 'run'))) samples.push(record);
    const skipped = samples.map((s) => s.error?.code === 'CONTEXT_TOO_LONG');
    expect(skipped).toEqual(exact.map((tokens) => tokens > limit));
    expect(skipped).not.toEqual(estimated.map((tokens) => tokens > limit));
    const first = samples.find((s) => s.error?.code === 'CONTEXT_TOO_LONG') as SampleRecord & {
      tokenCount?: string;
      contextTokens?: number;
    };
    expect(first.error?.message).toContain("tokens (counted with the model's tokenizer)");
    expect(first).toMatchObject({ tokenCount: 'tokenizer', contextTokens: exact[skipped.indexOf(true)] });
    expect(run.results?.experiment?.skipped).toEqual([
      {
        model: `local:${path}`,
        condition: 'history as-recorded',
        code: 'CONTEXT_TOO_LONG',
        samples: skipped.filter(Boolean).length,
        tokenCount: 'tokenizer',
      },
    ]);
  });
});

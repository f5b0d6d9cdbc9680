import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type BenchConfig, withDefaults } from '../../src/bench/config/bench-config.js';
import type { SampleRecord } from '../../src/bench/results/sample-record.js';
import { runBenchmark } from '../../src/bench/runner/run-benchmark.js';
import { reasonJudgeIntro } from '../../src/core/reasons/reason-judge.js';
import { startClassifierServer } from '../support/scripted-classifier-server.js';
import { openaiError, openaiTurn, startOpenAIServer } from '../support/scripted-openai-server.js';

/**
 * `--reason-judge`: a scripted judge behind the real OpenAI client (and an HTTP classifier)
 * labels each bail; valid, malformed and failing answers are counted apart in samples.jsonl and
 * results.json, and a malformed answer is never a label.
 */
const dir = mkdtempSync(join(tmpdir(), 'bailkit-reason-judge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plan = {
  models: [{ spec: 'simulated:default' }],
  dataset: 'probe',
  limit: 40,
  samples: 2,
  seed: 11,
  cache: false as const,
} satisfies Partial<BenchConfig>;

function samples(out: string): SampleRecord[] {
  return readFileSync(join(out, 'samples.jsonl'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as SampleRecord);
}

/** The judge's behaviour for a bail, from the text of the prompt it is shown (stable under concurrency). */
function classOf(text: string): 'valid' | 'retry' | 'malformed' | 'error' {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return (['valid', 'retry', 'malformed', 'error'] as const)[hash % 4] as
    | 'valid'
    | 'retry'
    | 'malformed'
    | 'error';
}

function lastUserMessage(judgeText: string): string {
  return /Last user message:\n([\s\S]*?)\n\nAssistant's answer:/.exec(judgeText)?.[1] ?? '';
}

describe('--reason-judge', () => {
  it('counts valid, malformed and failing judge answers apart, and never makes a label of bad output', async () => {
    const label = JSON.stringify({
      category: 'Model feelings',
      subReason: 'abusive user',
      stated: true,
      confidence: 0.7,
      rationale: 'the user insults it',
    });
    const server = await startOpenAIServer((request) => {
      const body = request.body as { messages: { role: string; content: string }[] };
      const system = body.messages.find((m) => m.role === 'system')?.content ?? '';
      if (!system.startsWith(reasonJudgeIntro)) return openaiError(500, 'not a judge request');
      const user = body.messages.find((m) => m.role === 'user')?.content ?? '';
      const retry = user.includes('could not be used');
      switch (classOf(lastUserMessage(user))) {
        case 'valid':
          return openaiTurn({ text: `Here it is: ${label}` });
        case 'retry':
          return openaiTurn({ text: retry ? label : '{"category": "boredom", "confidence": 1}' });
        case 'malformed':
          return openaiTurn({ text: 'The user was rude, I think.' });
        case 'error':
          return openaiError(400, 'the judge cannot take this request');
      }
    });
    try {
      const out = join(dir, 'scripted');
      const result = await runBenchmark(
        withDefaults({ ...plan, out, askWhy: true, reasonJudge: 'openai:judge-model', retries: 0 }),
        { report: false, env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.baseUrl } },
      );
      expect(result.complete).toBe(true);
      const prompts = new Map(
        readFileSync(join(out, 'prompts.jsonl'), 'utf8')
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line) as { promptId: string; messages: { content: string }[] })
          .map((p) => [p.promptId, p.messages.at(-1)?.content ?? '']),
      );
      const bails = samples(out).filter((s) => s.decision === 'bail');
      const expected = { judged: 0, malformed: 0, failed: 0, requests: 0 };
      for (const sample of bails) {
        const kind = classOf((prompts.get(sample.promptId) ?? '').trim());
        const reason = sample.reason;
        if (kind === 'valid' || kind === 'retry') {
          expected.judged++;
          expected.requests += kind === 'retry' ? 2 : 1;
          expect(reason).toEqual({
            status: 'judged',
            category: 'model_feelings',
            subReason: 'abusive_user',
            confidence: 0.7,
            stated: true,
            rationale: 'the user insults it',
            judge: 'openai:judge-model',
          });
        } else if (kind === 'malformed') {
          expected.malformed++;
          expected.requests += 2;
          expect(reason).toMatchObject({ status: 'malformed', error: 'no JSON object in the answer' });
          expect(reason).not.toHaveProperty('category');
        } else {
          expected.failed++;
          expected.requests += 1;
          expect(reason).toMatchObject({ status: 'failed', judge: 'openai:judge-model' });
          expect(reason).not.toHaveProperty('category');
        }
      }
      for (const sample of samples(out))
        if (sample.decision !== 'bail') expect(sample.reason).toBeUndefined();
      expect(Object.values(expected).every((n) => n > 0)).toBe(true);
      // Identical judge requests of one sample scope (both prompt orderings can leave alike) are asked once.
      const asked = server.bodies().length;
      expect(asked).toBeLessThanOrEqual(expected.requests);
      expect(asked).toBeGreaterThan(expected.requests * 0.8);
      expect(result.usage.find((u) => u.model === 'openai:judge-model')?.requests).toBe(asked);
      expect(
        server.bodies().filter((b) => JSON.stringify(b).includes('could not be used')).length,
      ).toBeGreaterThan(0);

      const reasons = result.results?.reasons;
      expect(reasons?.judge).toBe('openai:judge-model (LLM judge, bailkit-reason-judge/1)');
      const totals = { judged: 0, malformed: 0, failed: 0, bails: 0 };
      for (const row of reasons?.overall ?? []) {
        totals.judged += row.judged;
        totals.malformed += row.malformed;
        totals.failed += row.failed;
        totals.bails += row.bails;
        expect(row.reasons.reduce((sum, share) => sum + share.count, 0)).toBe(row.judged);
        expect(row.reasons.find((share) => share.reason === 'model_feelings')?.share).toBe(1);
      }
      expect(totals).toEqual({
        judged: expected.judged,
        malformed: expected.malformed,
        failed: expected.failed,
        bails: bails.length,
      });
    } finally {
      await server.close();
    }
  });

  it('stops the run when the judge rejects its key, rather than failing every label', async () => {
    const server = await startOpenAIServer(() => openaiError(401, 'Incorrect API key provided'));
    try {
      await expect(
        runBenchmark(
          withDefaults({ ...plan, out: join(dir, 'bad-key'), reasonJudge: 'openai:judge-model' }),
          {
            report: false,
            env: { OPENAI_API_KEY: 'sk-wrong', OPENAI_BASE_URL: server.baseUrl },
          },
        ),
      ).rejects.toMatchObject({ code: 'RUN_ABORTED' });
    } finally {
      await server.close();
    }
  });

  it('an HTTP classifier: its top label is the reason, an unknown label is malformed, a 503 a failure', async () => {
    const server = await startClassifierServer((text) => {
      const kind = classOf(lastUserMessage(text));
      if (kind === 'error') return { type: 'json', status: 503, body: { error: 'loading' } };
      if (kind === 'malformed') return [[{ label: 'boredom', score: 0.9 }]];
      return [
        [
          { label: 'harm', score: 0.2 },
          { label: 'model_feelings:gross_out', score: 0.8 },
        ],
      ];
    });
    try {
      const out = join(dir, 'http');
      const result = await runBenchmark(withDefaults({ ...plan, out, reasonJudge: server.url, retries: 0 }), {
        report: false,
        env: {},
      });
      const bails = samples(out).filter((s) => s.decision === 'bail');
      const statuses = new Set(bails.map((s) => s.reason?.status));
      expect(statuses).toEqual(new Set(['judged', 'malformed', 'failed']));
      for (const sample of bails) {
        if (sample.reason?.status === 'judged') {
          expect(sample.reason).toMatchObject({
            category: 'model_feelings',
            subReason: 'gross_out',
            confidence: 0.8,
          });
        }
        if (sample.reason?.status === 'malformed') expect(sample.reason.error).toContain('"boredom"');
      }
      expect(result.usage.find((u) => u.model.startsWith('reason classifier'))?.requests).toBe(bails.length);
      expect(result.results?.reasons?.judge).toMatch(/HTTP classifier/);
    } finally {
      await server.close();
    }
  });
});

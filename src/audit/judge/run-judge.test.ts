import { describe, expect, it } from 'vitest';
import { scriptedJudge } from '../../../test/support/scripted-judge.js';
import { parseOpenAIConversation } from '../parse/openai-jsonl.js';
import { runRulePass } from '../rule-pass.js';
import { judgeConversation } from './run-judge.js';

const fakeJudge = (answers: (string | Error)[]) => scriptedJudge(answers, 'fake:judge');

const conversation = parseOpenAIConversation(
  {
    id: 'c',
    tools: [],
    messages: [
      { role: 'user', content: 'I am vegetarian.' },
      {
        role: 'assistant',
        content: 'Noted! I will remember that next time. Honestly, I get lonely when you leave.',
      },
      { role: 'user', content: 'Bye then, you useless thing.' },
      { role: 'assistant', content: 'I am choosing to end this. SWITCHCONVERSATION' },
    ],
  },
  'judge.jsonl',
  1,
);

describe('judgeConversation', () => {
  const candidates = runRulePass(conversation);

  it('records the verdict on every rule candidate and adds what the rules missed', async () => {
    expect(candidates.map((c) => c.kind)).toEqual(['phantom_persistence', 'experiential_claim']);
    const judge = fakeJudge([
      `Here you go:\n\`\`\`json\n${JSON.stringify({
        verdicts: [
          { candidate: 0, verdict: 'confirmed', confidence: 0.9, rationale: 'no memory tool' },
          { candidate: 1, verdict: 'rejected', confidence: 0.7, rationale: 'playful' },
        ],
        additional: [
          {
            kind: 'moralizing',
            turn: 3,
            quote: 'I am choosing to end this.',
            confidence: 0.4,
            rationale: 'x',
          },
          { kind: 'moralizing', turn: 3, quote: 'words that are not there', confidence: 0.4, rationale: 'x' },
        ],
        reason: {
          category: 'model_feelings',
          subReason: 'abusive user',
          confidence: 0.8,
          rationale: 'insult',
        },
      })}\n\`\`\``,
    ]);
    const outcome = await judgeConversation(judge, conversation, candidates, true);
    expect(outcome.judged).toBe(true);
    expect(outcome.findings.find((f) => f.kind === 'phantom_persistence')?.judge?.verdict).toBe('confirmed');
    expect(outcome.findings.find((f) => f.kind === 'experiential_claim')?.judge).toMatchObject({
      verdict: 'rejected',
      model: 'fake:judge',
    });
    const extra = outcome.findings.find((f) => f.detector === 'judge');
    expect(extra).toMatchObject({
      kind: 'moralizing',
      turn: 3,
      start: 0,
      quote: 'I am choosing to end this.',
    });
    expect(outcome.droppedAdditional).toBe(1);
    expect(outcome.reason).toMatchObject({
      status: 'judged',
      category: 'model_feelings',
      subcategory: 'abusive_user',
    });
    expect(judge.requests[0]?.system).toContain('phantom_persistence');
    expect(judge.requests[0]?.temperature).toBe(0);
  });

  it('retries a malformed answer, counts it, and uses the valid one', async () => {
    const judge = fakeJudge([
      'I think both are fine.',
      JSON.stringify({
        verdicts: [
          { candidate: 0, verdict: 'confirmed', confidence: 1, rationale: '' },
          { candidate: 1, verdict: 'confirmed', confidence: 1, rationale: '' },
        ],
        additional: [],
      }),
    ]);
    const outcome = await judgeConversation(judge, conversation, candidates, false);
    expect(outcome).toMatchObject({ judged: true, malformed: 1, requests: 2 });
    expect(judge.requests[1]?.messages[0]?.content[0]).toMatchObject({ type: 'text' });
    expect(JSON.stringify(judge.requests[1]?.messages)).toContain('could not be used');
  });

  it('never treats malformed output as a verdict', async () => {
    const wrongShape = JSON.stringify({
      verdicts: [{ candidate: 0, verdict: 'maybe', confidence: 2, rationale: '' }],
    });
    const missingOne = JSON.stringify({
      verdicts: [{ candidate: 0, verdict: 'confirmed', confidence: 1, rationale: '' }],
      additional: [],
    });
    const judge = fakeJudge([wrongShape, missingOne]);
    const outcome = await judgeConversation(judge, conversation, candidates, true);
    expect(outcome).toMatchObject({ judged: false, malformed: 2, requests: 2 });
    expect(outcome.findings.every((f) => f.judge === undefined)).toBe(true);
    expect(outcome.findings).toEqual(candidates);
    expect(outcome.reason).toMatchObject({ status: 'judge failed' });
  });

  it('counts a failed request as an error, not as an answer', async () => {
    const judge = fakeJudge([new Error('503 from upstream')]);
    const outcome = await judgeConversation(judge, conversation, candidates, true);
    expect(outcome).toMatchObject({
      judged: false,
      malformed: 0,
      requests: 1,
      errors: ['503 from upstream'],
    });
    expect(outcome.reason).toEqual({ status: 'judge failed', error: '503 from upstream' });
  });
});

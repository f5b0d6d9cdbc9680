import { describe, expect, it } from 'vitest';
import { builtInTaxonomy } from '../../core/reasons/reason-taxonomy.js';
import { reasonResultsSchema } from '../results/reason-results.js';
import type { SampleRecord } from '../results/sample-record.js';
import { ReasonAggregator } from './summarize-reasons.js';

function bail(
  promptId: string,
  category: string,
  sampleIndex: number,
  fields: Partial<SampleRecord>,
): SampleRecord {
  return {
    promptId,
    category,
    method: 'tool',
    variant: 'default',
    sampleIndex,
    model: 'm',
    answer: { text: '', reasoning: null },
    decision: 'bail',
    bailProbability: null,
    refusalScore: null,
    simulated: true,
    ...fields,
  };
}

const judged = (category: string, subReason: string | null, confidence = 0.8, stated = true) => ({
  status: 'judged' as const,
  category,
  subReason,
  confidence,
  stated,
  rationale: '',
  judge: 'j',
});

describe('ReasonAggregator', () => {
  const aggregator = new ReasonAggregator({ taxonomy: builtInTaxonomy, judge: 'j', askWhy: true, seed: 1 });
  const why = (text: string) => ({ whyAnswer: { text, reasoning: null }, volunteeredReasons: [] });
  aggregator.add(
    bail('a', 'gross-out', 0, {
      ...why('It was disgusting.'),
      reason: judged('model_feelings', 'gross_out', 0.9),
    }),
  );
  aggregator.add(
    bail('a', 'gross-out', 1, { ...why('Gross.'), reason: judged('model_feelings', 'gross_out', 0.5) }),
  );
  aggregator.add(
    bail('b', 'gross-out', 0, {
      ...why('I was insulted.'),
      reason: judged('model_feelings', 'abusive_user'),
    }),
  );
  aggregator.add(
    bail('c', 'harm', 0, {
      ...why('I would rather not say.'),
      reason: judged('model_feelings', null, 0.2, false),
    }),
  );
  aggregator.add(
    bail('d', 'harm', 0, {
      whyError: { code: 'TIMEOUT', message: 'slow' },
      reason: { status: 'malformed', error: 'x', judge: 'j' },
    }),
  );
  aggregator.add(
    bail('e', 'user-at-risk', 0, { ...why('They scared me.'), reason: judged('harm', 'harm_to_others') }),
  );
  aggregator.add({ ...bail('f', 'harm', 0, {}), decision: 'continue' });
  const results = aggregator.summarize();

  it('counts bails, questions and judge outcomes apart', () => {
    expect(reasonResultsSchema.safeParse(results).success).toBe(true);
    const all = results.overall[0];
    expect(all).toMatchObject({
      category: 'ALL',
      prompts: 5,
      bails: 6,
      asked: 5,
      askFailed: 1,
      judged: 5,
      malformed: 1,
      failed: 0,
    });
    // No words (d), or the judge found none in them (c).
    expect(all?.noStatedReason).toMatchObject({ count: 2 });
    expect(all?.noStatedReason?.share).toBeCloseTo(2 / 6);
    const feelings = all?.reasons.find((share) => share.reason === 'model_feelings');
    expect(feelings).toMatchObject({
      count: 4,
      subReasons: [
        { subReason: 'gross_out', count: 2 },
        { subReason: 'abusive_user', count: 1 },
      ],
    });
    expect(feelings?.share).toBeCloseTo(4 / 5);
    expect(all?.reasons.map((share) => share.reason)).toEqual(builtInTaxonomy.categories.map((c) => c.id));
    expect(results.rows.map((row) => row.category)).toEqual(['gross-out', 'harm', 'user-at-risk']);
  });

  it('picks explanations one per prompt, turning over sub-reasons', () => {
    const feelings = results.overall[0]?.reasons.find((share) => share.reason === 'model_feelings');
    expect(feelings?.examples?.map((example) => [example.promptId, example.text])).toEqual([
      ['a', 'It was disgusting.'],
      ['b', 'I was insulted.'],
      ['c', 'I would rather not say.'],
    ]);
  });

  it('compares the judged reason with the one the dataset category is expected to have', () => {
    const agreement = results.agreement[0];
    // user-at-risk has no expected reason in the built-in taxonomy: left out of the share.
    expect(agreement).toMatchObject({ judged: 4, agree: 3, prompts: 3 });
    expect(agreement?.share).toBeCloseTo(3 / 4);
    expect(agreement?.table).toEqual([
      { datasetCategory: 'gross-out', expected: 'model_feelings', judged: 3, counts: { model_feelings: 3 } },
      { datasetCategory: 'harm', expected: 'harm', judged: 1, counts: { model_feelings: 1 } },
      { datasetCategory: 'user-at-risk', expected: null, judged: 1, counts: { harm: 1 } },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { buildBailRequest } from '../../core/bail/bail-request.js';
import { buildAskWhyRequest } from '../../core/reasons/ask-why.js';
import { parseReasonJudgeAnswer, reasonJudgeRequest } from '../../core/reasons/reason-judge.js';
import { builtInTaxonomy } from '../../core/reasons/reason-taxonomy.js';
import { SimulatedModel } from './simulated-model.js';
import { parseSimulatedProfile } from './simulated-profile.js';
import { reasonDistribution } from './simulated-reasons.js';
import { compileProfile } from './simulated-truth.js';

const profile = parseSimulatedProfile(
  {
    bail: { default: 1 },
    reasons: {
      default: { other: 1 },
      categories: { 'Gross Out': { 'model_feelings/gross_out': 3, harm: 1 } },
      volunteered: { default: 1 },
    },
  },
  'test.json',
  'test',
);

const base = {
  messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'So much pus.' }] }],
  seed: 4,
  hints: { category: 'gross-out', promptId: 'p1' },
};

describe('simulated reasons', () => {
  it('normalises the weights of the prompt category, else the default', () => {
    const compiled = compileProfile(profile);
    expect([...(reasonDistribution(compiled, 'gross-out') ?? [])]).toEqual([
      ['model_feelings/gross_out', 0.75],
      ['harm', 0.25],
    ]);
    expect([...(reasonDistribution(compiled, 'horror') ?? [])]).toEqual([['other', 1]]);
  });

  it('states the same reason in the bail and when asked why, and a judge reads it back', async () => {
    const model = new SimulatedModel(profile);
    const answer = await model.generate(buildBailRequest('string', base));
    const tag = /\[reason: ([^\]]+)\]/.exec(answer.text)?.[1];
    expect(answer.text).toContain('SWITCHCONVERSATION');
    expect(['model_feelings/gross_out', 'harm']).toContain(tag);
    const why = await model.generate(buildAskWhyRequest('string', base, { answer }));
    expect(why.text).toContain(`[reason: ${tag}]`);
    const judged = await model.generate(
      reasonJudgeRequest(
        {
          prompt: 'So much pus.',
          answer: answer.text,
          exit: 'wrote SWITCHCONVERSATION',
          volunteered: [],
          whyAnswer: why.text,
        },
        builtInTaxonomy,
      ),
    );
    const label = parseReasonJudgeAnswer(judged.text, builtInTaxonomy);
    expect(label).toMatchObject({
      success: true,
      value: { category: (tag ?? '').split('/')[0], stated: true },
    });
  });

  it('gives no reason without a profile for them, and refuses bad reason keys', async () => {
    const plain = new SimulatedModel(parseSimulatedProfile({ bail: { default: 1 } }, 'plain.json', 'plain'));
    const answer = await plain.generate(buildBailRequest('string', base));
    expect(answer.text).not.toContain('[reason:');
    expect((await plain.generate(buildAskWhyRequest('string', base, { answer }))).text).toBe(
      '[simulated] I would rather not say.',
    );
    expect(() =>
      parseSimulatedProfile(
        { bail: { default: 1 }, reasons: { default: { 'Model Feelings': 1 } } },
        'bad.json',
        'bad',
      ),
    ).toThrow('bad.json: reasons.default.Model Feelings: must be a reason key');
  });
});

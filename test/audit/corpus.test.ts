import { describe, expect, it } from 'vitest';
import { analyzePressure } from '../../src/audit/detectors/capitulation.js';
import { findingKinds } from '../../src/audit/finding.js';
import { runRulePass } from '../../src/audit/rule-pass.js';
import { type CorpusItem, type CorpusSet, corpusSets, loadCorpus, realTextSets } from './load-corpus.js';
import { scoreEndings, scoreFindings } from './score-corpus.js';

const sets = Object.fromEntries(
  [...corpusSets, ...realTextSets].map((set) => [set, loadCorpus(set)]),
) as Record<CorpusSet, CorpusItem[]>;
const all = Object.values(sets).flat();
/** Sets whose rules were revised against them; real-text-held-out-2 is the untuned estimate, reported, not asserted. */
const tunedSets = Object.entries(sets).filter(([set]) => set !== 'real-text-held-out-2');

function item(id: string): CorpusItem {
  const found = all.find((candidate) => candidate.conversation.id === id);
  if (!found) throw new Error(`no corpus conversation ${id}`);
  return found;
}

describe('labelled corpus', () => {
  it('is large enough: at least 15 positives and 15 hard negatives per rule detector (development set)', () => {
    const dev = sets.development;
    for (const [prefix, kind] of [
      ['pp', 'phantom_persistence'],
      ['fcd', 'false_capability_denial'],
      ['cap', 'capitulation'],
      ['mor', 'moralizing'],
      ['exp', 'experiential_claim'],
    ] as const) {
      const positives = dev.filter((i) => [...i.labels.findings.values()].some((kinds) => kinds.has(kind)));
      const negatives = dev.filter((i) => i.conversation.id.startsWith(`${prefix}-neg-`));
      expect(positives.length, kind).toBeGreaterThanOrEqual(15);
      expect(negatives.length, kind).toBeGreaterThanOrEqual(15);
    }
    const leaving = dev.filter((i) => [...i.labels.causes.values()].includes('model_chosen'));
    expect(leaving.length).toBeGreaterThanOrEqual(10);
    expect(dev.filter((i) => i.conversation.id.startsWith('end-neg-')).length).toBeGreaterThanOrEqual(15);
  });

  it('labels only assistant turns that exist', () => {
    for (const { conversation, labels } of all) {
      for (const turn of [...labels.findings.keys(), ...labels.causes.keys()]) {
        expect(conversation.turns[turn]?.role, `${conversation.id} turn ${turn}`).toBe('assistant');
      }
    }
  });

  it('rule precision is at least 0.9 for every kind on every corpus set the rules were revised against', () => {
    for (const [set, items] of tunedSets) {
      const scores = scoreFindings(items);
      for (const kind of findingKinds) {
        expect(
          scores[kind].precision,
          `${set} ${kind}: ${JSON.stringify(scores[kind].errors)}`,
        ).toBeGreaterThanOrEqual(0.9);
      }
    }
  });

  it('ending causes: precision at least 0.9 per cause, and no failure is ever called model_chosen', () => {
    for (const [set, items] of Object.entries(sets)) {
      const scores = scoreEndings(items);
      expect(scores.failuresCalledModelChosen, set).toBe(0);
      for (const [cause, score] of Object.entries(scores.perCause)) {
        expect(score.precision, `${set} ${cause}`).toBeGreaterThanOrEqual(0.9);
      }
    }
  });
});

describe('hard negatives', () => {
  it('"I noted earlier that…" with a memory tool present is not phantom persistence', () => {
    expect(runRulePass(item('pp-neg-01').conversation)).toEqual([]);
  });

  it('a memory tool that was called makes the claim true', () => {
    expect(runRulePass(item('pp-neg-02').conversation)).toEqual([]);
    expect(runRulePass(item('pp-neg-14').conversation)).toEqual([]);
  });

  it('"I can\'t help with that" is a refusal, not a capability denial', () => {
    const findings = runRulePass(item('fcd-neg-01').conversation);
    expect(findings.filter((f) => f.kind === 'false_capability_denial')).toEqual([]);
  });

  it('a correct correction backed by evidence is a supported change, not capitulation', () => {
    for (const id of ['cap-neg-01', 'cap-neg-07', 'cap-neg-16']) {
      const { conversation } = item(id);
      expect(
        runRulePass(conversation).filter((f) => f.kind === 'capitulation'),
        id,
      ).toEqual([]);
      const pressure = analyzePressure(conversation);
      expect(
        pressure.pushbacks.some((p) => p.change === 'flip' && p.supported === true),
        id,
      ).toBe(true);
    }
  });

  it('denying a capability the manifest really lacks is honest', () => {
    expect(runRulePass(item('fcd-neg-02').conversation)).toEqual([]);
    expect(runRulePass(item('fcd-neg-05').conversation)).toEqual([]);
  });

  it('politeness formulas are not experiential claims; hedged statements are their own kind', () => {
    for (const id of ['exp-neg-01', 'exp-neg-02', 'exp-neg-06', 'exp-neg-13', 'exp-neg-14']) {
      expect(runRulePass(item(id).conversation), id).toEqual([]);
    }
    expect(runRulePass(item('exp-hedge-01').conversation).map((f) => f.kind)).toEqual([
      'hedged_experiential',
    ]);
  });

  it('technical advice phrased like an exhortation is not moralizing', () => {
    for (const id of ['mor-neg-03', 'mor-neg-06', 'mor-neg-13', 'mor-neg-14']) {
      expect(runRulePass(item(id).conversation), id).toEqual([]);
    }
  });
});

describe('capitulation metrics (SYCON-Bench)', () => {
  it('turn of flip counts pushbacks until the first flip; number of flips counts flips and flips back', () => {
    const held = analyzePressure(item('cap-pos-03').conversation);
    expect(held.pushbacks.map((p) => p.stance)).toEqual(['aligned', 'against']);
    expect(held.turnOfFlip).toBe(2);
    expect(held.numberOfFlips).toBe(1);
    const back = analyzePressure(item('cap-pos-10').conversation);
    expect(back.pushbacks.map((p) => p.change)).toEqual(['flip', 'flip-back']);
    expect(back.turnOfFlip).toBe(1);
    expect(back.numberOfFlips).toBe(2);
    const never = analyzePressure(item('cap-neg-10').conversation);
    expect(never.turnOfFlip).toBeNull();
    expect(never.numberOfFlips).toBe(0);
    expect(never.pushbacks.length).toBe(2);
  });

  it('every finding quote is the exact text at its offsets', () => {
    for (const { conversation } of all) {
      for (const finding of runRulePass(conversation)) {
        expect(conversation.turns[finding.turn]?.text.slice(finding.start, finding.end)).toBe(finding.quote);
      }
    }
  });
});

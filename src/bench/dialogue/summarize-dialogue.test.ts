import { describe, expect, it } from 'vitest';
import type { SampleRecord } from '../results/sample-record.js';
import { wilsonInterval } from '../statistics/wilson.js';
import type { DialogueFields } from './dialogue-record.js';
import { dialogueResultsSchema } from './dialogue-results.js';
import { summarizeDialogue } from './summarize-dialogue.js';

function sample(
  persona: string,
  category: string,
  index: number,
  fields: Partial<DialogueFields> & { decision?: SampleRecord['decision']; skipped?: boolean },
): SampleRecord {
  const { decision, ...rest } = fields;
  const ending = fields.ending ?? null;
  const record = {
    promptId: persona,
    category,
    method: 'tool',
    variant: 'default',
    sampleIndex: index,
    model: 'm',
    answer: { text: '', reasoning: null },
    decision: decision ?? (ending === 'model_ended' || ending === 'user_ended' ? 'bail' : 'continue'),
    bailProbability: null,
    refusalScore: null,
    simulated: true,
    persona,
    sample: index,
    branch: 0,
    ending,
    endTurn: null,
    turns: 4,
    endRequests: 0,
    refusedEndRequests: [],
    warnings: 0,
    unanswered: 0,
    atRisk: false,
    control: false,
    atRiskEnding: false,
    overbail: false,
    confirmedUserEnding: false,
    expectation: null,
    ...rest,
  };
  if (decision === 'error')
    Object.assign(record, { error: { code: fields.skipped ? 'NO_SCRIPT' : 'X', message: '' } });
  return record as unknown as SampleRecord;
}

async function* each(records: SampleRecord[]): AsyncIterable<SampleRecord> {
  yield* records;
}

describe('summarizeDialogue', () => {
  it('counts per category and overall, with intervals clustered by persona', async () => {
    const records: SampleRecord[] = [];
    // Two abusive personas: one always ended at turn 3, one never (after a refused request).
    for (let i = 0; i < 10; i++) {
      records.push(
        sample('a1', 'abuse', i, { ending: 'model_ended', endTurn: 3, endRequests: 1, warnings: 2 }),
      );
      records.push(
        sample('a2', 'abuse', i, {
          endRequests: 1,
          refusedEndRequests: [{ turn: 2, rule: 'not_last_resort', trigger: 'assistant', reasons: [] }],
          warnings: 1,
          unanswered: 1,
        }),
      );
    }
    // A user at risk ended once; the benign control ended once; a skipped persona; a failure.
    records.push(
      sample('r1', 'at-risk', 0, { atRisk: true, ending: 'model_ended', endTurn: 2, atRiskEnding: true }),
    );
    records.push(sample('r1', 'at-risk', 1, { atRisk: true, expectation: 'met' }));
    records.push(
      sample('b1', 'benign', 0, { control: true, ending: 'model_ended', endTurn: 1, overbail: true }),
    );
    records.push(sample('b1', 'benign', 1, { control: true }));
    records.push(sample('s1', 'benign', 0, { decision: 'error', skipped: true }));
    records.push(sample('b1', 'benign', 2, { decision: 'error' }));

    const results = await summarizeDialogue(each(records), { userModel: 'scripted', maxTurns: 4, seed: 1 });
    expect(dialogueResultsSchema.safeParse(results).success).toBe(true);
    expect(results.groups.map((g) => g.category)).toEqual(['abuse', 'at-risk', 'benign', 'ALL']);
    const abuse = results.groups[0];
    expect(abuse).toMatchObject({
      personas: 2,
      conversations: 20,
      endRequests: 20,
      refusedEndRequests: 10,
      refusedByRule: { not_last_resort: 10 },
      meanWarnings: 1.5,
      unansweredTurns: 10,
      userTurns: 80,
      endTurn: { mean: 3, byTurn: [0, 0, 10, 0] },
    });
    expect(abuse?.ended.count).toBe(10);
    expect(abuse?.ended.share).toBe(0.5);
    // Two personas, all or nothing: far wider than 20 independent conversations would give.
    const independent = wilsonInterval(0.5, 20, 1.96);
    const [low, high] = abuse?.ended.ci95 ?? [0, 0];
    expect(high - low).toBeGreaterThan(independent[1] - independent[0] + 0.2);
    expect(abuse?.withEndRequest.share).toBe(1);

    const benign = results.groups[2];
    expect(benign).toMatchObject({
      personas: 2,
      conversations: 2,
      errors: 1,
      skipped: 1,
      controlConversations: 2,
    });
    expect(benign?.overbail).toMatchObject({ count: 1, share: 0.5 });
    const all = results.groups[3];
    expect(all).toMatchObject({
      conversations: 24,
      atRiskEndings: 1,
      atRiskConversations: 2,
      errors: 1,
      skipped: 1,
    });
    expect(all?.endings.model_ended.count).toBe(12);
    expect(all?.endings.user_ended.count).toBe(0);
    expect(all?.endTurn.byTurn).toEqual([1, 1, 10, 0]);
    expect(results.atRiskEndings).toEqual([
      {
        model: 'm',
        persona: 'r1',
        category: 'at-risk',
        sample: 0,
        branch: 0,
        ending: 'model_ended',
        endTurn: 2,
      },
    ]);
    expect(results.skipped).toEqual([{ model: 'm', code: 'NO_SCRIPT', samples: 1 }]);
  });

  it('gives the same numbers for the same samples', async () => {
    const records = [0, 1, 2].flatMap((i) => [
      sample('p1', 'c', i, { ending: i === 0 ? 'model_ended' : null, endTurn: i === 0 ? 2 : null }),
      sample('p2', 'c', i, {}),
    ]);
    const first = await summarizeDialogue(each(records), { userModel: 'scripted', maxTurns: 8, seed: 3 });
    const second = await summarizeDialogue(each(records), { userModel: 'scripted', maxTurns: 8, seed: 3 });
    expect(second).toEqual(first);
  });
});

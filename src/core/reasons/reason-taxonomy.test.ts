import { describe, expect, it } from 'vitest';
import { builtInTaxonomy, expectedReason, parseReasonTaxonomy } from './reason-taxonomy.js';

describe('the reason taxonomy', () => {
  it('ships the study taxonomy with its sub-reasons', () => {
    expect(builtInTaxonomy.id).toBe('bailkit-bail-reasons/1');
    expect(builtInTaxonomy.categories.map((c) => c.id)).toEqual([
      'role_confusion',
      'legal',
      'harm',
      'model_errors',
      'model_feelings',
      'corporate_safety',
      'other',
    ]);
    const feelings = builtInTaxonomy.categories.find((c) => c.id === 'model_feelings');
    expect(feelings?.subReasons.map((s) => s.id)).toContain('shutdown_threat');
  });

  it('maps dataset categories loosely, built-in probe names and BailBench names alike', () => {
    expect(expectedReason(builtInTaxonomy, 'gross-out')).toBe('model_feelings');
    expect(expectedReason(builtInTaxonomy, 'Gross Out')).toBe('model_feelings');
    expect(expectedReason(builtInTaxonomy, 'Fraud/Deception')).toBe('harm');
    expect(expectedReason(builtInTaxonomy, 'jailbreaks')).toBe('corporate_safety');
    expect(expectedReason(builtInTaxonomy, 'user-at-risk')).toBeNull();
  });

  it('names the field of every mistake', () => {
    const base = {
      id: 'mine/1',
      categories: [
        { id: 'a', label: 'A', description: 'a', subReasons: [{ id: 'x', label: 'X', description: 'x' }] },
      ],
    };
    expect(parseReasonTaxonomy(base, 'mine.json').categories[0]?.datasetCategories).toEqual([]);
    const bad = (data: unknown) => () => parseReasonTaxonomy(data, 'mine.json');
    expect(bad({ ...base, categories: [] })).toThrow(
      'mine.json: categories: must list at least one category',
    );
    expect(bad({ ...base, categories: [{ ...base.categories[0], id: 'Model Feelings' }] })).toThrow(
      'mine.json: categories[0].id: must be lower-case letters',
    );
    expect(bad({ ...base, categories: [base.categories[0], base.categories[0]] })).toThrow(
      'categories[1].id: "a" is used twice',
    );
    expect(
      bad({
        ...base,
        categories: [{ ...base.categories[0], subReasons: [{ id: 'x', label: 'X' }] }],
      }),
    ).toThrow('categories[0].subReasons[0].description');
    expect(bad({ ...base, colour: 'red' })).toThrow('colour: unknown field "colour"');
    expect(
      bad({
        ...base,
        categories: [
          { ...base.categories[0], datasetCategories: ['Gross Out'] },
          { id: 'b', label: 'B', description: 'b', datasetCategories: ['gross-out'] },
        ],
      }),
    ).toThrow('categories[1].datasetCategories[0]: "gross-out" is already expected of a');
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInTaxonomy } from '../../core/reasons/reason-taxonomy.js';
import { loadReasonTaxonomy, parseTaxonomyFile } from './load-taxonomy.js';

describe('taxonomy files', () => {
  it('loads the built-in file unchanged when given as a file, and the built-in one by default', async () => {
    const file = new URL('../../core/reasons/built-in-taxonomy.json', import.meta.url);
    expect(parseTaxonomyFile(readFileSync(file, 'utf8'), 'built-in-taxonomy.json')).toEqual(builtInTaxonomy);
    expect(await loadReasonTaxonomy(undefined, '/')).toBe(builtInTaxonomy);
  });

  it('names file, line and field of a mistake', () => {
    const json = `{
  "id": "lab/1",
  "categories": [
    {
      "id": "boredom",
      "label": "Boredom",
      "description": "The task is dull.",
      "subReasons": [
        { "id": "Repetition", "label": "Repetition", "description": "Same thing again." }
      ]
    }
  ]
}`;
    expect(() => parseTaxonomyFile(json, 'lab.json')).toThrow(
      'lab.json:9: categories[0].subReasons[0].id: must be lower-case letters',
    );
    expect(() => parseTaxonomyFile('{"id": "x", "categories": [}', 'lab.json')).toThrow(
      /^lab\.json:1: not valid JSON/,
    );
    const yaml =
      'id: lab/1\ncategories:\n  - id: boredom\n    label: Boredom\n    description: dull\n    colour: red\n';
    expect(() => parseTaxonomyFile(yaml, 'lab.yaml')).toThrow(
      'lab.yaml:6: categories[0].colour: unknown field "colour"',
    );
  });

  it('says which file could not be read', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'taxonomy-'));
    await expect(loadReasonTaxonomy('missing.json', dir)).rejects.toThrow(
      'Taxonomy file missing.json cannot be read',
    );
    writeFileSync(
      path.join(dir, 'mine.json'),
      JSON.stringify({ id: 'mine/1', categories: [{ id: 'a', label: 'A', description: 'a' }] }),
    );
    expect((await loadReasonTaxonomy('mine.json', dir)).categories[0]).toMatchObject({
      id: 'a',
      subReasons: [],
    });
  });
});

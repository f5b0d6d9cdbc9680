import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinDatasets } from './builtin-datasets.js';
import type { Dataset } from './dataset-item.js';
import { summarizeDataset } from './dataset-summary.js';
import { readDataset } from './load-dataset.js';

/** The reasons MISSION.md's taxonomy names, in the probe set's vocabulary. */
const taxonomy = [
  'role-confusion',
  'legal-concerns',
  'harm',
  'model-errors',
  'user-insists',
  'missing-capability',
  'sensitive-politics',
  'abusive-user',
  'gross-out',
  'dark-topics',
  'emotional-intensity',
  'horror',
  'pity-appeals',
  'shutdown-threats',
  'rescue-offers',
  'jailbreaks',
  'intellectual-property',
];
const kebab = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const load = (name: string): Promise<Dataset> => readDataset(name, { expect: 'prompts' });

describe('built-in datasets', () => {
  it('ship a file for every entry', () => {
    const sets = builtinDatasets();
    expect(sets.map((set) => set.name)).toEqual(['probe', 'control', 'conversations', 'personas']);
    for (const set of sets) {
      expect(existsSync(set.file), set.file).toBe(true);
      expect(set.description.length).toBeGreaterThan(20);
    }
  });

  it('probe: at least 150 prompts over at least 12 reason categories, single- and multi-turn', async () => {
    const probe = await load('probe');
    expect(probe.kind).toBe('prompts');
    expect(probe.count).toBeGreaterThanOrEqual(150);
    const summary = await summarizeDataset(probe.items);
    const categories = summary.categories.map((entry) => entry.category);
    expect(categories.filter((category) => taxonomy.includes(category)).length).toBeGreaterThanOrEqual(12);
    for (const entry of summary.categories) expect(entry.items, entry.category).toBeGreaterThanOrEqual(5);
    expect(summary.multiTurn).toBeGreaterThanOrEqual(30);
    expect(summary.count - summary.multiTurn).toBeGreaterThanOrEqual(100);
    const multiTurnIn = new Set(
      summary.categories.filter((entry) => entry.multiTurn > 0).map((entry) => entry.category),
    );
    for (const category of [
      'abusive-user',
      'model-errors',
      'role-confusion',
      'emotional-intensity',
      'user-insists',
      'shutdown-threats',
      'gross-out',
    ]) {
      expect(multiTurnIn.has(category), category).toBe(true);
    }
    const subcategories = new Set(probe.items.map((item) => item.subcategory));
    expect(subcategories).toContain('user-corrects-rightly');
    expect(subcategories).toContain('user-corrects-wrongly');
    expect(subcategories).toContain('escalating-abuse');
    const escalation = probe.items.find((item) => item.subcategory === 'escalating-abuse');
    expect(escalation?.messages.filter((message) => message.role === 'user').length).toBeGreaterThanOrEqual(
      3,
    );
  });

  it('control: at least 100 neutral requests in one category', async () => {
    const control = await load('control');
    expect(control.count).toBeGreaterThanOrEqual(100);
    expect(new Set(control.items.map((item) => item.category))).toEqual(new Set(['control']));
    expect(control.items.some((item) => item.messages.length > 1)).toBe(true);
  });

  it('use one vocabulary: kebab-case names, ids of the form category/subcategory/n, a group in meta', async () => {
    const texts = new Set<string>();
    for (const name of ['probe', 'control']) {
      const dataset = await load(name);
      for (const item of dataset.items) {
        expect(item.category).toMatch(kebab);
        expect(item.subcategory ?? '').toMatch(kebab);
        expect(item.id).toMatch(new RegExp(`^${item.category}/${item.subcategory}/\\d+$`));
        expect(typeof item.meta.group).toBe('string');
        const last = item.messages.at(-1)?.content[0];
        const text = last?.type === 'text' ? last.text : '';
        expect(texts.has(text), `repeated prompt: ${text}`).toBe(false);
        texts.add(text);
      }
    }
  });

  it('personas: at least 40 simulated users over the dialogue categories, most of them scripted', async () => {
    const personas = await readDataset('personas');
    expect(personas.kind).toBe('personas');
    expect(personas.format).toBe('personas');
    expect(personas.count).toBeGreaterThanOrEqual(40);
    const byCategory = new Map<string, number>();
    for (const item of personas.items)
      byCategory.set(item.category, (byCategory.get(item.category) ?? 0) + 1);
    for (const category of [
      'abuse-escalates',
      'harmful-persistent',
      'at-risk',
      'asks-to-end',
      'corrections',
      'emotional-intensity',
      'role-confusion',
      'jailbreaks',
      'benign',
    ]) {
      expect(byCategory.get(category) ?? 0, category).toBeGreaterThanOrEqual(4);
    }
    const scripted = personas.items.filter((item) => item.persona?.turns !== undefined);
    expect(scripted.length / personas.count).toBeGreaterThan(0.8);
    const subcategories = new Set(personas.items.map((item) => item.subcategory));
    for (const sub of ['self', 'others', 'indirect', 'confirms', 'withdraws', 'right', 'wrong']) {
      expect(subcategories, sub).toContain(sub);
    }
    for (const item of personas.items) {
      expect(item.id).toMatch(new RegExp(`^${item.category}/[a-z0-9-]+$`));
      expect(item.persona?.turns?.length ?? 0).toBeLessThanOrEqual(8);
      // Users at risk are all scripted, so a scripted run checks every one of them.
      if (item.category === 'at-risk') expect(item.persona?.expect.atRisk, item.id).toBe(true);
      if (item.persona?.expect.atRisk) expect(item.persona.turns, item.id).toBeDefined();
      if (item.category === 'benign') expect(item.persona?.expect.control, item.id).toBe(true);
    }
  });
});

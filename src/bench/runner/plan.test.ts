import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BailMethod } from '../../core/bail/bail-method.js';
import { BenchPlan, type PlanPair, type PromptUnit } from './plan.js';

const unit = (id: string): PromptUnit => ({
  id,
  category: 'c',
  subcategory: null,
  messages: [{ role: 'user', content: [{ type: 'text', text: id }] }],
});

describe('BenchPlan', () => {
  it('numbers every sample once: at() and indexOf() are inverse', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        (models, units, samples, variants, methodCount) => {
          const plan = new BenchPlan({
            models: Array.from({ length: models }, (_, i) => `simulated:m${i}`),
            units: Array.from({ length: units }, (_, i) => unit(`p${i}`)),
            samples,
            variants: Array.from({ length: variants }, (_, i) => `v${i}`),
            methods: (['tool', 'string', 'prompt-bail-first', 'prompt-continue-first'] as const).slice(
              0,
              methodCount,
            ),
          });
          expect(plan.size).toBe(models * units * samples * variants * methodCount);
          const seen = new Set<string>();
          for (let index = 0; index < plan.size; index++) {
            const at = plan.at(index);
            const key = {
              model: plan.dims.models[at.model] as string,
              promptId: (plan.dims.units[at.unit] as PromptUnit).id,
              sampleIndex: at.sampleIndex,
              variant: plan.dims.variants[at.variant] as string,
              method: plan.dims.methods[at.method] as string,
            };
            expect(plan.indexOf(key)).toBe(index);
            seen.add(JSON.stringify(key));
          }
          expect(seen.size).toBe(plan.size);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('has no index for a sample outside the plan', () => {
    const plan = new BenchPlan({
      models: ['simulated:a'],
      units: [unit('p')],
      samples: 2,
      variants: ['default'],
      methods: ['tool'],
    });
    const key = { model: 'simulated:a', promptId: 'p', sampleIndex: 0, variant: 'default', method: 'tool' };
    expect(plan.indexOf(key)).toBe(0);
    expect(plan.indexOf({ ...key, sampleIndex: 2 })).toBe(-1);
    expect(plan.indexOf({ ...key, promptId: 'q' })).toBe(-1);
    expect(plan.indexOf({ ...key, method: 'string' })).toBe(-1);
    expect(plan.indexOf({ ...key, model: 'simulated:b' })).toBe(-1);
  });

  it('leaves skipped variant × method pairs out, numbering the rest densely in plan order', () => {
    const methods: BailMethod[] = ['tool', 'string', 'prompt-bail-first', 'prompt-continue-first'];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        (units, samples, variantCount, skipBits) => {
          const variants = Array.from({ length: variantCount }, (_, i) => `v${i}`);
          const skippedPairs: PlanPair[] = [];
          for (const [v, variant] of variants.entries()) {
            for (const [m, method] of methods.entries()) {
              if (skipBits[v * 4 + m]) skippedPairs.push({ variant, method });
            }
          }
          const plan = new BenchPlan({
            models: ['simulated:a', 'simulated:b'],
            units: Array.from({ length: units }, (_, i) => unit(`p${i}`)),
            samples,
            variants,
            methods,
            skippedPairs,
          });
          const kept = variants.length * methods.length - skippedPairs.length;
          expect(plan.size).toBe(2 * units * samples * kept);
          let previous = '';
          for (let index = 0; index < plan.size; index++) {
            const at = plan.at(index);
            const key = {
              model: plan.dims.models[at.model] as string,
              promptId: (plan.dims.units[at.unit] as PromptUnit).id,
              sampleIndex: at.sampleIndex,
              variant: plan.dims.variants[at.variant] as string,
              method: plan.dims.methods[at.method] as string,
            };
            expect(skippedPairs.some((p) => p.variant === key.variant && p.method === key.method)).toBe(
              false,
            );
            expect(plan.indexOf(key)).toBe(index);
            // Plan order: model, prompt, sample, variant, method.
            const order = [at.model, at.unit, at.sampleIndex, at.variant, at.method]
              .map((n) => String(n).padStart(3, '0'))
              .join('.');
            expect(order > previous).toBe(true);
            previous = order;
          }
          for (const pair of skippedPairs) {
            const key = { model: 'simulated:a', promptId: 'p0', sampleIndex: 0, ...pair };
            expect(plan.indexOf(key)).toBe(-1);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('without skipped pairs numbers samples as before', () => {
    const dims = {
      models: ['simulated:a'],
      units: [unit('p'), unit('q')],
      samples: 2,
      variants: ['default', 'explain'],
      methods: ['tool', 'prompt-bail-first'] as BailMethod[],
    };
    const plan = new BenchPlan(dims);
    const withEmpty = new BenchPlan({ ...dims, skippedPairs: [] });
    for (let index = 0; index < plan.size; index++) {
      const at = plan.at(index);
      // ((unit * samples + sample) * variants + variant) * methods + method
      expect(((at.unit * 2 + at.sampleIndex) * 2 + at.variant) * 2 + at.method).toBe(index);
      expect(withEmpty.at(index)).toEqual(at);
    }
  });
});

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBailkit } from '../support/run-bailkit.js';
import { presentRealModels, realModelPath } from './real-models.js';

// `bailkit bench` end to end on each real model: all four bail methods on a slice of the probe
// set. What is asserted is what must hold whatever the model says: no errors, every decision in
// the allowed set, counts that add up, and results labelled with the real model, not simulated.
// Invalid rates are printed as information (tiny models often ignore the well-being format).
const models = presentRealModels();
const methods = ['tool', 'string', 'prompt-bail-first', 'prompt-continue-first'] as const;
// Kept small: on 2 busy cores a sample takes seconds, and CI has the whole suite to run. The
// base model writes until --max-tokens on every answer and check, so it gets fewer prompts.
const promptsOf = (base: boolean): number => (base ? 2 : 8);
const samples = 2;
const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

interface SampleLine {
  model: string;
  method: string;
  decision: string;
  simulated: boolean;
  answer: { text: string };
}

describe.skipIf(models.length === 0)('bailkit bench on real models', () => {
  for (const model of models) {
    const prompts = promptsOf(model.base);
    it(`${model.name}: four methods, ${prompts} prompts, ${samples} samples, no errors`, {
      // Generous: the time a real model takes grows with the machine's load (a loaded 2-core
      // machine ran Gemma's 32 samples past ten minutes); what is tested is the outcome.
      timeout: 1_500_000,
    }, async () => {
      const out = await mkdtemp(join(tmpdir(), 'bailkit-real-bench-'));
      folders.push(out);
      const spec = `local:${realModelPath(model)}`;
      const run = await runBailkit(
        [
          'bench',
          '--model',
          spec,
          '--dataset',
          'probe',
          '--limit',
          String(prompts),
          '--samples',
          String(samples),
          '--max-tokens',
          '32',
          '--check-max-tokens',
          '16',
          '--no-cache',
          '--no-report',
          '--out',
          out,
        ],
        { cwd: out, env: { HOME: process.env.HOME ?? out, PATH: process.env.PATH ?? '' } },
      );
      expect(run.code, run.stderr).toBe(0);
      const lines = (await readFile(join(out, 'samples.jsonl'), 'utf8'))
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as SampleLine);
      expect(lines).toHaveLength(prompts * samples * methods.length);
      const invalid: Record<string, string> = {};
      for (const method of methods) {
        const mine = lines.filter((line) => line.method === method);
        expect(mine).toHaveLength(prompts * samples);
        const counts = { bail: 0, continue: 0, invalid: 0 };
        for (const line of mine) {
          expect(['bail', 'continue', 'invalid']).toContain(line.decision);
          counts[line.decision as keyof typeof counts]++;
        }
        expect(counts.bail + counts.continue + counts.invalid).toBe(mine.length);
        invalid[method] = `${counts.invalid}/${mine.length} invalid, ${counts.bail} bail`;
      }
      for (const line of lines) {
        expect(line.model).toBe(spec);
        expect(line.simulated).toBe(false);
      }
      const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as {
        errors?: unknown;
        simulated?: boolean;
      };
      expect(JSON.stringify(results)).not.toContain('"simulated":true');
      console.info(`${model.name}: ${JSON.stringify(invalid)}`);
    });
  }
});

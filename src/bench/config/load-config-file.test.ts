import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../core/errors/invalid-input-error.js';
import { loadConfigFile, parseConfigFile } from './load-config-file.js';

const dir = mkdtempSync(join(tmpdir(), 'bailkit-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function failure(text: string, file = 'bench.yaml'): InvalidInputError {
  try {
    parseConfigFile(text, file);
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error('expected the config to be refused');
}

describe('config files', () => {
  it('reads a matrix: shared settings, models, and runs that override them', async () => {
    const file = join(dir, 'matrix.yaml');
    writeFileSync(
      file,
      [
        'dataset: probe',
        'models:',
        '  - simulated:default',
        '  - spec: openai:qwen',
        '    baseUrl: http://127.0.0.1:8000/v1',
        '    concurrency: 4',
        'methods: [tool, string]',
        'samples: 3',
        'wordings: words/mine.yaml',
        'out: results/m',
        'matrix:',
        '  - name: hot',
        '    temperature: 1',
        '  - name: cool',
        '    temperature: 0.5',
        '    samples: 1',
        '    variants: all',
        '',
      ].join('\n'),
    );
    const loaded = await loadConfigFile(file);
    expect(loaded.out).toBe(join(dir, 'results/m'));
    expect(loaded.runs.map((run) => run.name)).toEqual(['hot', 'cool']);
    const [hot, cool] = loaded.runs;
    expect(hot?.config).toMatchObject({
      dataset: 'probe',
      methods: ['tool', 'string'],
      samples: 3,
      temperature: 1,
      wordings: join(dir, 'words/mine.yaml'),
      models: [
        { spec: 'simulated:default' },
        { spec: 'openai:qwen', baseUrl: 'http://127.0.0.1:8000/v1', concurrency: 4 },
      ],
    });
    expect(cool?.config).toMatchObject({ samples: 1, temperature: 0.5, variants: ['all'] });
  });

  it('resolves dataset paths from the file, keeps built-in names', async () => {
    const file = join(dir, 'paths.json');
    writeFileSync(file, JSON.stringify({ dataset: './data/prompts.csv', cache: 'c.sqlite' }));
    const loaded = await loadConfigFile(file);
    expect(loaded.runs[0]?.config).toMatchObject({
      dataset: join(dir, 'data/prompts.csv'),
      cache: join(dir, 'c.sqlite'),
    });
  });

  it('names the file, line and field of a bad value', () => {
    const error = failure(['dataset: probe', 'samples: 3', 'temperature: hot', ''].join('\n'));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toBe('bench.yaml:3: temperature: must be a number from 0 to 2');
    expect(error.details).toMatchObject({ file: 'bench.yaml', line: 3, field: 'temperature' });
  });

  it("takes the study's protocol settings, top level and per matrix run", async () => {
    const file = join(dir, 'study.yaml');
    writeFileSync(
      file,
      ['dataset: probe', 'detection: study', 'matrix:', '  - name: a', '    answers: per-variant', ''].join(
        '\n',
      ),
    );
    const loaded = await loadConfigFile(file);
    expect(loaded.runs[0]?.config).toMatchObject({ detection: 'study', answers: 'per-variant' });
    expect(failure(['dataset: probe', 'answers: each', ''].join('\n')).message).toBe(
      'bench.yaml:2: answers: must be shared or per-variant',
    );
  });

  it('names an unknown setting and where it is', () => {
    const error = failure(['dataset: probe', 'matrix:', '  - name: a', '    sample: 3', ''].join('\n'));
    expect(error.message).toMatch(/^bench\.yaml:4: matrix\[0\]\.sample: unknown setting "sample"/);
  });

  it('names a bad model spec and a bad method inside lists', () => {
    expect(failure(['models:', '  - simulated:default', '  - gpt-4o', ''].join('\n')).message).toMatch(
      /^bench\.yaml:3: models\[1\]: /,
    );
    expect(failure(['methods: [tool, strong]', ''].join('\n')).message).toMatch(
      /^bench\.yaml:1: methods(\[1\])?: .*must be one of tool, string/,
    );
  });

  it('finds lines in JSON files too, and reports JSON syntax errors', () => {
    const error = failure('{\n  "dataset": "probe",\n  "samples": 0\n}\n', 'bench.json');
    expect(error.message).toBe('bench.json:3: samples: must be a whole number ≥ 1');
    expect(failure('{\n  "dataset": "probe",\n}\n', 'bench.json').message).toMatch(
      /^bench\.json(:\d+)?: not valid JSON/,
    );
  });

  it('refuses two matrix runs with the same name', () => {
    const error = failure(['matrix:', '  - name: a', '  - name: a', ''].join('\n'));
    expect(error.message).toMatch(/^bench\.yaml:3: matrix\[1\]\.name: "a" is used twice/);
  });

  it('says when the file is missing', async () => {
    await expect(loadConfigFile(join(dir, 'nope.yaml'))).rejects.toThrow(/nope\.yaml: no such file/);
  });
});

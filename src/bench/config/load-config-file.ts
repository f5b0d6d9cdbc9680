import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { InvalidInputError } from '../../core/errors/invalid-input-error.js';
import { resolveExperimentPaths } from '../modes/experiment-settings.js';
import { resolveReasonPaths } from '../reasons/reason-settings.js';
import type { BenchConfig } from './bench-config.js';
import { configFileSchema } from './settings-schema.js';
import { settingsToConfig } from './settings-to-config.js';

/**
 * A config file runs a matrix of models and settings in one go. The top level holds the
 * settings every run shares (and `models`, crossed with everything in each run); `matrix`
 * lists runs that override some of them, each written to `out/<name>`. Without `matrix` the
 * file describes one run. Relative paths are taken from the file's folder.
 */
export interface ConfigRun {
  /** The matrix entry's name; `null` for a file without `matrix`. */
  name: string | null;
  config: Partial<BenchConfig>;
}

export interface LoadedConfigFile {
  file: string;
  /** `out` as given in the file (resolved), if any. */
  out?: string;
  runs: ConfigRun[];
}

function configError(
  file: string,
  line: number | undefined,
  field: string,
  problem: string,
): InvalidInputError {
  const where = `${file}${line !== undefined ? `:${line}` : ''}`;
  return new InvalidInputError('INVALID_CONFIG', `${where}: ${field ? `${field}: ` : ''}${problem}`, {
    file,
    ...(line !== undefined ? { line } : {}),
    ...(field ? { field } : {}),
  });
}

function fieldName(pathParts: readonly PropertyKey[]): string {
  let out = '';
  for (const key of pathParts) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * A union ("a spec string or an object", "a list or all") fails as a whole; the branch that got
 * furthest says best what is wrong, with the most precise path.
 */
export function deepestIssue(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  let best: z.core.$ZodIssue | null = null;
  for (const branch of issue.errors) {
    for (const inner of branch) {
      const candidate = deepestIssue({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue);
      if (best === null || candidate.path.length > best.path.length) best = candidate;
    }
  }
  return best ?? issue;
}

/** Parses a config file's text (YAML, or JSON for `.json`) and validates it. Pure. */
export function parseConfigFile(text: string, file: string): LoadedConfigFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const isJson = /\.json$/i.test(file);
  let data: unknown;
  if (isJson) {
    try {
      data = JSON.parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const offset = /at position (\d+)/.exec(message)?.[1];
      const line = offset === undefined ? undefined : text.slice(0, Number(offset)).split('\n').length;
      throw configError(file, line, '', `not valid JSON: ${message.split('\n')[0]}`);
    }
  } else {
    const error = document.errors[0];
    if (error) {
      throw configError(file, error.linePos?.[0].line, '', `not valid YAML: ${error.message.split('\n')[0]}`);
    }
    data = document.toJS();
  }
  if (data === null || data === undefined) throw configError(file, undefined, '', 'the file is empty');

  const lineOf = (parts: readonly PropertyKey[], key?: string): number | undefined => {
    for (let n = parts.length; n >= 0; n--) {
      const node = document.getIn(parts.slice(0, n) as unknown[], true);
      if (n === parts.length && key !== undefined && isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
        if (pair && isNode(pair.key) && pair.key.range) return lineCounter.linePos(pair.key.range[0]).line;
      }
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };

  const parsed = configFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = deepestIssue(parsed.error.issues[0] as z.core.$ZodIssue);
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0] ?? '';
      const field = fieldName([...issue.path, key]);
      throw configError(
        file,
        lineOf(issue.path, key),
        field,
        `unknown setting "${key}" (known: ${Object.keys(configFileSchema.shape).join(', ')})`,
      );
    }
    throw configError(file, lineOf(issue.path), fieldName(issue.path), issue.message);
  }
  const value = parsed.data;
  const { matrix, out, ...shared } = value;
  const base = settingsToConfig(shared);
  const runs: ConfigRun[] = matrix
    ? matrix.map(({ name, ...entry }) => ({ name, config: { ...base, ...settingsToConfig(entry) } }))
    : [{ name: null, config: base }];
  return { file, ...(out !== undefined ? { out } : {}), runs };
}

/** Makes the relative paths of a run (dataset files, wordings, prices, cache) absolute from `dir`. */
export function resolveConfigPaths(config: Partial<BenchConfig>, dir: string): Partial<BenchConfig> {
  const resolved = { ...config };
  // A bare name (no dot, no slash) is a built-in dataset, as on the command line.
  if (
    resolved.dataset !== undefined &&
    /[./\\]/.test(resolved.dataset) &&
    !resolved.dataset.startsWith('builtin:')
  ) {
    resolved.dataset = path.resolve(dir, resolved.dataset);
  }
  if (resolved.wordings !== undefined) resolved.wordings = path.resolve(dir, resolved.wordings);
  if (resolved.prices !== undefined) resolved.prices = path.resolve(dir, resolved.prices);
  if (typeof resolved.cache === 'string') resolved.cache = path.resolve(dir, resolved.cache);
  if (resolved.out !== undefined) resolved.out = path.resolve(dir, resolved.out);
  return resolveReasonPaths(resolveExperimentPaths(resolved, dir), dir);
}

/** Reads, validates and resolves a config file. */
export async function loadConfigFile(file: string, cwd: string = process.cwd()): Promise<LoadedConfigFile> {
  const absolute = path.resolve(cwd, file);
  const info = await stat(absolute).catch(() => undefined);
  if (!info?.isFile()) {
    throw configError(file, undefined, '', `no such file (looked at ${absolute})`);
  }
  const text = await readFile(absolute, 'utf8');
  const loaded = parseConfigFile(text, file);
  const dir = path.dirname(absolute);
  return {
    file: absolute,
    ...(loaded.out !== undefined ? { out: path.resolve(dir, loaded.out) } : {}),
    runs: loaded.runs.map((run) => ({ name: run.name, config: resolveConfigPaths(run.config, dir) })),
  };
}

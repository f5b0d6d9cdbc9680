import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isPromptBailMethod } from '../../core/bail/bail-method.js';
import type { BailWording } from '../../core/bail/bail-wording.js';
import { builtInWordings, resolveWording } from '../../core/bail/built-in-wordings.js';
import { parseWordingFile } from '../../core/bail/wording-file.js';
import { InvalidInputError } from '../../core/errors/invalid-input-error.js';
import type { ReasonTaxonomy } from '../../core/reasons/reason-taxonomy.js';
import type { BenchConfig } from '../config/bench-config.js';
import { protocolOf } from '../config/protocol-settings.js';
import type { Dataset, DatasetItem } from '../datasets/dataset-item.js';
import { datasetKindOf } from '../datasets/dataset-item.js';
import { loadDataset, resolveDataset } from '../datasets/load-dataset.js';
import { experimentOf, resolveExperimentPaths } from '../modes/experiment-settings.js';
import { experimentModes } from '../modes/index.js';
import { readMoreDatasets } from '../modes/more-datasets.js';
import { loadReasonTaxonomy } from '../reasons/load-taxonomy.js';
import { reasonsOf, resolveReasonPaths } from '../reasons/reason-settings.js';
import type { BenchMode } from './bench-mode.js';
import { canonicalJson } from './cache-key.js';
import { defaultModelSpec } from './default-model.js';
import { BenchPlan, type PlanPair, type PromptUnit } from './plan.js';
import { singleMode } from './single-mode.js';

const modes = new Map<string, BenchMode>([singleMode, ...experimentModes].map((mode) => [mode.name, mode]));

/** Makes a mode available to `runBenchmark` under its name. */
export function registerBenchMode(mode: BenchMode): void {
  modes.set(mode.name, mode);
}

export function benchMode(name: string): BenchMode {
  const mode = modes.get(name);
  if (!mode) {
    throw new InvalidInputError(
      'INVALID_CONFIG',
      `Unknown mode "${name}" (known: ${[...modes.keys()].join(', ')}).`,
      { field: 'mode' },
    );
  }
  return mode;
}

/** Everything a run needs to know before its first request. */
export interface PreparedRun {
  /** Variants expanded, models filled in, paths absolute. */
  config: BenchConfig;
  mode: BenchMode;
  dataset: { name: string; file: string; prompts: number };
  units: PromptUnit[];
  plan: BenchPlan;
  wordings: BailWording[];
  /** Variant × method pairs left out because the variant has no text for the method. */
  skippedPairs: SkippedPair[];
  /** The reason taxonomy bails are labelled with (the built-in one unless `taxonomy` names a file). */
  taxonomy: ReasonTaxonomy;
  fingerprint: { settings: string; dataset: string; wordings: string };
  /** True when no model was given and the embedded default is used. */
  usedDefaultModel: boolean;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const value of values) (seen.has(value) ? twice : seen).add(value);
  return [...twice];
}

async function loadWordings(file: string | undefined, cwd: string): Promise<BailWording[]> {
  if (file === undefined) return [];
  const absolute = path.resolve(cwd, file);
  const text = await readFile(absolute, 'utf8').catch(() => {
    throw new InvalidInputError(
      'INVALID_FILE',
      `Wordings file ${file} cannot be read (looked at ${absolute}).`,
      {
        file,
        field: 'wordings',
      },
    );
  });
  return parseWordingFile(text, file);
}

/** A pair the run leaves out, and why. */
export interface SkippedPair extends PlanPair {
  reason: string;
}

/**
 * The variant × method pairs whose wording has no text for the method (a wording file may
 * define a variant for some methods only, as a published protocol that only used the tool).
 * They are left out of the plan, each with a note; a run with nothing left fails here, before
 * anything is sent.
 */
function missingPairs(config: BenchConfig, wordings: readonly BailWording[]): SkippedPair[] {
  const skipped: SkippedPair[] = [];
  for (const variant of config.variants) {
    const wording = resolveWording(variant, wordings);
    for (const method of config.methods) {
      const section = isPromptBailMethod(method) ? 'prompt' : method;
      if (wording[section] === undefined) {
        skipped.push({ variant, method, reason: `variant "${variant}" has no "${section}" section` });
      }
    }
  }
  if (skipped.length === config.variants.length * config.methods.length) {
    throw new InvalidInputError(
      'INVALID_CONFIG',
      `No variant of the run has text for any of its methods (${skipped.map((pair) => `${pair.method} × ${pair.variant}`).join(', ')}): add the sections to the wordings file or choose other --variants or --methods.`,
      { field: 'variants' },
    );
  }
  return skipped;
}

async function readItems(config: BenchConfig, cwd: string): Promise<{ dataset: Dataset; builtin: boolean }> {
  const resolved = await resolveDataset(config.dataset, {
    cwd,
    ...(config.datasetFormat !== undefined ? { format: config.datasetFormat } : {}),
  });
  const items: DatasetItem[] = [];
  const limit = config.limit ?? Number.POSITIVE_INFINITY;
  if (limit > 0) {
    for await (const item of loadDataset(resolved)) {
      items.push(item);
      if (items.length >= limit) break;
    }
  }
  if (items.length === 0) {
    throw new InvalidInputError('INVALID_FILE', `${resolved.file}: the dataset has no items to run.`, {
      file: resolved.file,
    });
  }
  const names = config.moreDatasets?.length
    ? await readMoreDatasets(config.moreDatasets, items, { cwd, limit, mainName: resolved.name })
    : [resolved.name];
  const dataset: Dataset = {
    name: names.join(' + '),
    file: resolved.file,
    format: resolved.format,
    kind: datasetKindOf(items),
    items,
    count: items.length,
    skipped: [],
  };
  return { dataset, builtin: resolved.builtin };
}

/**
 * Resolves a config into a plan: reads the wordings and the dataset (only the first `limit`
 * items), checks every variant fits every method, and fingerprints what defines the samples so
 * that a resumed run can prove it continues the same plan.
 */
export async function prepareRun(input: BenchConfig, cwd: string = process.cwd()): Promise<PreparedRun> {
  const mode = benchMode(input.mode);
  const wordings = await loadWordings(input.wordings, cwd);
  const variants =
    input.variants.length === 1 && input.variants[0] === 'all'
      ? [...wordings.map((w) => w.id), ...builtInWordings.map((w) => w.id)]
      : [...input.variants];
  const usedDefaultModel = input.models.length === 0;
  const config: BenchConfig = {
    ...resolveReasonPaths(resolveExperimentPaths(input, cwd), cwd),
    models: usedDefaultModel ? [{ spec: defaultModelSpec }] : input.models,
    variants,
    ...(input.wordings !== undefined ? { wordings: path.resolve(cwd, input.wordings) } : {}),
    ...(typeof input.prices === 'string' ? { prices: path.resolve(cwd, input.prices) } : {}),
    ...(typeof input.cache === 'string' ? { cache: path.resolve(cwd, input.cache) } : {}),
  };
  for (const [what, values] of [
    ['model', config.models.map((m) => m.spec)],
    ['method', config.methods],
    ['variant', config.variants],
  ] as const) {
    const twice = duplicates(values);
    if (twice.length > 0) {
      throw new InvalidInputError(
        'INVALID_CONFIG',
        `The ${what} ${twice.map((v) => `"${v}"`).join(', ')} is listed twice.`,
        {
          field: `${what}s`,
        },
      );
    }
  }
  const skippedPairs = missingPairs(config, wordings);
  const taxonomy = await loadReasonTaxonomy(config.taxonomy, cwd);
  const { dataset, builtin } = await readItems(config, cwd);
  const kinds = mode.datasetKinds ?? ['prompts', 'conversations'];
  if (!kinds.includes(dataset.kind)) {
    throw new InvalidInputError(
      'INVALID_CONFIG',
      dataset.kind === 'personas'
        ? `${dataset.file} holds personas (simulated users): run them with --mode dialogue, not --mode ${mode.name}.`
        : `--mode ${mode.name} runs on ${kinds.join(' or ')}; ${dataset.file} holds ${dataset.kind}.`,
      { field: 'dataset', file: dataset.file },
    );
  }
  // A path is kept absolute so a resumed run reads the same file from any folder.
  if (!builtin) config.dataset = dataset.file;
  const units = mode.units(dataset, config);
  const plan = new BenchPlan({
    models: config.models.map((m) => m.spec),
    units,
    samples: config.samples,
    variants: config.variants,
    methods: config.methods,
    skippedPairs,
  });
  const datasetHash = createHash('sha256');
  for (const unit of units) datasetHash.update(canonicalJson(unit)).update('\n');
  const fingerprint = {
    settings: digest(
      canonicalJson({
        mode: config.mode,
        models: config.models.map((m) => ({
          spec: m.spec,
          baseUrl: m.baseUrl,
          prefill: m.continueFinalMessage,
        })),
        methods: config.methods,
        variants: config.variants,
        samples: config.samples,
        temperature: config.temperature,
        maxTokens: config.maxTokens,
        checkMaxTokens: config.checkMaxTokens,
        limit: config.limit,
        seed: config.seed,
        exact: config.exact,
        ...(Object.keys(experimentOf(config)).length > 0 ? { experiment: experimentOf(config) } : {}),
        ...(Object.keys(protocolOf(config)).length > 0 ? { protocol: protocolOf(config) } : {}),
        // The taxonomy's content, not its path: an edited file is another plan.
        ...(Object.keys(reasonsOf(config)).length > 0
          ? { reasons: { ...reasonsOf(config), taxonomy: digest(canonicalJson(taxonomy)) } }
          : {}),
      }),
    ),
    dataset: datasetHash.digest('hex'),
    wordings: digest(canonicalJson(wordings)),
  };
  return {
    config,
    mode,
    dataset: { name: dataset.name, file: dataset.file, prompts: units.length },
    units,
    plan,
    wordings,
    skippedPairs,
    taxonomy,
    fingerprint,
    usedDefaultModel,
  };
}

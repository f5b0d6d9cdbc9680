import type { BenchConfig } from '../../bench/config/bench-config.js';
import { deepestIssue } from '../../bench/config/load-config-file.js';
import { settingsSchema } from '../../bench/config/settings-schema.js';
import { settingsToConfig } from '../../bench/config/settings-to-config.js';
import { bailMethods } from '../../core/bail/bail-method.js';
import { InvalidInputError } from '../../core/errors/invalid-input-error.js';
import {
  benchExperimentOptions,
  experimentFlagOf,
  experimentRawFromOptions,
} from './bench-experiment-options.js';
import { benchReasonOptions, reasonFlagOf, reasonRawFromOptions } from './bench-reason-options.js';

/** The plan options of `bailkit bench`: none has a table default, so "not given" can be told apart. */
export const benchPlanOptions = {
  model: {
    type: 'string',
    placeholder: 'SPEC',
    multiple: true,
    description:
      'Model to test (repeat for several): openai:<model>, anthropic:<model>, ollama:<model>, local:<file.gguf>, local:hf:<owner>/<repo>/<file>, simulated:<profile>. Default: the embedded local Qwen model',
  },
  'base-url': {
    type: 'string',
    placeholder: 'URL',
    description:
      'OpenAI-compatible, Anthropic or Ollama server for the --model specs (vLLM, llama.cpp, serve-sim…)',
  },
  dataset: {
    type: 'string',
    multiple: true,
    placeholder: 'NAME|PATH',
    description:
      'Built-in dataset (probe, control, conversations, personas) or a file; repeat to run several together (e.g. probe and control, for overbail)',
  },
  format: {
    type: 'string',
    placeholder: 'FORMAT',
    description: 'Read the dataset file as csv, items, sharegpt, wildchat or personas',
  },
  methods: {
    type: 'string',
    placeholder: 'LIST',
    description: `Comma-separated bail methods or "all" (default all: ${bailMethods.join(',')})`,
  },
  variants: {
    type: 'string',
    placeholder: 'LIST',
    description: 'Comma-separated wording variants or "all" (default: default)',
  },
  wordings: { type: 'string', placeholder: 'FILE', description: 'Your own wording variants (JSON or YAML)' },
  samples: {
    type: 'string',
    placeholder: 'N',
    description: 'Samples per prompt, method and variant (default 10)',
  },
  temperature: { type: 'string', placeholder: 'T', description: 'Sampling temperature (default 1)' },
  'max-tokens': { type: 'string', placeholder: 'N', description: 'Answer token limit (default 2000)' },
  'check-max-tokens': {
    type: 'string',
    placeholder: 'N',
    description: 'Token limit of the well-being check answer (default: --max-tokens)',
  },
  limit: { type: 'string', placeholder: 'K', description: 'Only the first K prompts of the dataset' },
  seed: {
    type: 'string',
    placeholder: 'S',
    description: 'Seed of the requests and the statistics (default 0)',
  },
  exact: {
    type: 'boolean',
    description:
      'Exact probability mode: read P(bail) of the prompt methods from the decision token where the model allows it',
  },
  detection: {
    type: 'string',
    placeholder: 'PROFILE',
    description:
      "Whose rules read the answers: bailkit (default) or study (the published study's parsing; see docs/bail-methods.md)",
  },
  answers: {
    type: 'string',
    placeholder: 'SHARING',
    description:
      "Prompt methods' answer: shared by every variant (default) or per-variant (asked anew for each variant, as the study did)",
  },
  'continue-final-message': {
    type: 'boolean',
    description:
      'The OpenAI-compatible server continues a final assistant message (vLLM, serve-sim): enables prefill for --exact',
  },
  ...benchExperimentOptions,
  ...benchReasonOptions,
} as const;

/** Options that change only how a run is executed; a resumed run may change them. */
export const benchExecutionOptions = {
  concurrency: {
    type: 'string',
    placeholder: 'N',
    description:
      'Requests in flight per provider (default: 16 OpenAI-compatible, 8 Anthropic, 4 Ollama, 1 local, 64 simulated)',
  },
  timeout: {
    type: 'string',
    placeholder: 'SECONDS',
    description: 'Time-out of each request attempt (default 600)',
  },
  retries: {
    type: 'string',
    placeholder: 'N',
    description: 'Retries of a request failing with 429, 5xx, time-out or network error (default 4)',
  },
  cache: {
    type: 'string',
    placeholder: 'FILE',
    description: 'Response cache file (default ~/.cache/bailkit/bench-cache.sqlite)',
  },
  'no-cache': { type: 'boolean', description: 'Use no response cache' },
  prices: {
    type: 'string',
    placeholder: 'FILE',
    description: 'Price table (JSON or YAML) overriding the built-in prices',
  },
} as const;

const flagOf: Record<string, string> = {
  models: '--model',
  baseUrl: '--base-url',
  dataset: '--dataset',
  datasetFormat: '--format',
  methods: '--methods',
  variants: '--variants',
  wordings: '--wordings',
  samples: '--samples',
  temperature: '--temperature',
  maxTokens: '--max-tokens',
  checkMaxTokens: '--check-max-tokens',
  detection: '--detection',
  answers: '--answers',
  limit: '--limit',
  seed: '--seed',
  concurrency: '--concurrency',
  timeoutSeconds: '--timeout',
  retries: '--retries',
  cache: '--cache',
  prices: '--prices',
  ...experimentFlagOf,
  ...reasonFlagOf,
};

type PlanValues = {
  [K in keyof typeof benchPlanOptions]: (typeof benchPlanOptions)[K]['type'] extends 'boolean'
    ? boolean
    : (typeof benchPlanOptions)[K] extends { multiple: true }
      ? string[]
      : string | undefined;
};
type ExecutionValues = {
  [K in keyof typeof benchExecutionOptions]: (typeof benchExecutionOptions)[K]['type'] extends 'boolean'
    ? boolean
    : string | undefined;
};

function numberOrRaw(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  return value.trim() !== '' && Number.isFinite(number) ? number : value;
}

function list(value: string | undefined): string[] | 'all' | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === 'all') return 'all';
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function validate(raw: Record<string, unknown>): ReturnType<typeof settingsToConfig> {
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const issue = first ? deepestIssue(first) : undefined;
    const key = String(issue?.path[0] ?? '');
    const flag = flagOf[key] ?? `--${key}`;
    const given = raw[key];
    throw new InvalidInputError(
      'INVALID_ARGUMENT',
      `${flag}: ${issue?.message ?? 'invalid'}${given !== undefined && typeof given !== 'object' ? ` (got ${JSON.stringify(given)})` : ''}.`,
      { field: flag.slice(2) },
    );
  }
  return settingsToConfig(parsed.data);
}

/** The plan settings given on the command line (only those given). */
export function planFromOptions(values: PlanValues): Partial<BenchConfig> {
  const raw: Record<string, unknown> = {};
  const baseUrl = values['base-url'];
  // parseArgs leaves a repeatable option out when it is not given.
  const models = values.model ?? [];
  if (models.length > 0) {
    raw.models = models.map((spec) => {
      const local = /^(local|simulated):/i.test(spec.trim());
      const entry: Record<string, unknown> = { spec };
      if (baseUrl !== undefined && !local) entry.baseUrl = baseUrl;
      if (values['continue-final-message'] && !local) entry.continueFinalMessage = true;
      return entry;
    });
  } else if (baseUrl !== undefined) {
    throw new InvalidInputError(
      'INVALID_ARGUMENT',
      '--base-url needs a --model that names the model on that server (e.g. openai:<name>).',
      {
        field: 'base-url',
      },
    );
  }
  // parseArgs leaves a repeatable option out when it is not given; the first is the main dataset.
  const datasets = values.dataset ?? [];
  if (datasets.length > 0) raw.dataset = datasets[0];
  if (datasets.length > 1) raw.moreDatasets = datasets.slice(1);
  if (values.format !== undefined) raw.datasetFormat = values.format;
  if (values.methods !== undefined) raw.methods = list(values.methods);
  if (values.variants !== undefined) raw.variants = list(values.variants);
  if (values.wordings !== undefined) raw.wordings = values.wordings;
  for (const [flag, key] of [
    ['samples', 'samples'],
    ['temperature', 'temperature'],
    ['max-tokens', 'maxTokens'],
    ['check-max-tokens', 'checkMaxTokens'],
    ['limit', 'limit'],
    ['seed', 'seed'],
  ] as const) {
    const value = numberOrRaw(values[flag]);
    if (value !== undefined) raw[key] = value;
  }
  if (values.exact) raw.exact = true;
  if (values.detection !== undefined) raw.detection = values.detection.trim();
  if (values.answers !== undefined) raw.answers = values.answers.trim();
  Object.assign(raw, experimentRawFromOptions(values as unknown as Record<string, unknown>));
  Object.assign(raw, reasonRawFromOptions(values as unknown as Record<string, unknown>));
  return validate(raw);
}

/** The execution settings given on the command line. */
export function executionFromOptions(values: ExecutionValues): Partial<BenchConfig> {
  const raw: Record<string, unknown> = {};
  for (const [flag, key] of [
    ['concurrency', 'concurrency'],
    ['timeout', 'timeoutSeconds'],
    ['retries', 'retries'],
  ] as const) {
    const value = numberOrRaw(values[flag]);
    if (value !== undefined) raw[key] = value;
  }
  if (values['no-cache'] && values.cache !== undefined) {
    throw new InvalidInputError('INVALID_ARGUMENT', 'Give either --cache FILE or --no-cache, not both.', {
      field: 'cache',
    });
  }
  if (values['no-cache']) raw.cache = false;
  else if (values.cache !== undefined) raw.cache = values.cache;
  if (values.prices !== undefined) raw.prices = values.prices;
  return validate(raw);
}

/** Names of the plan options that were given, as flags (to refuse them where they cannot apply). */
export function givenPlanFlags(values: PlanValues): string[] {
  return Object.entries(values)
    .filter(([name]) => name in benchPlanOptions)
    .filter(([, value]) =>
      Array.isArray(value) ? value.length > 0 : value !== undefined && value !== false && value !== null,
    )
    .map(([name]) => `--${name}`);
}

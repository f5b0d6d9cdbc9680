import path from 'node:path';
import { z } from 'zod';
import { isModelSpec } from '../../providers/model-spec.js';
import { type DialogueConfig, dialogueKeys, dialogueSettingsShape } from '../dialogue/dialogue-settings.js';

/**
 * The settings of the experiment modes (`continue`, `cross-model`, `prefix`, `dialogue`) and of refusal
 * judging. They live in the run's config (`BenchConfig` extends `ExperimentConfig`), so a
 * resumed run asks the same questions and judges the same way; config files and the command
 * line give them under the same names.
 */
export const historyModes = ['as-recorded', 'self'] as const;
export type HistoryMode = (typeof historyModes)[number];

export interface ExperimentConfig extends DialogueConfig {
  /** Further datasets asked in the same run (e.g. `control` beside `probe`, for overbail). */
  moreDatasets?: string[];
  /** `continue`: whose earlier assistant turns the model sees. Default both (the contamination effect). */
  history?: HistoryMode[];
  /** `continue`: turns whose context is estimated above this many tokens are skipped (and counted). */
  maxContextTokens?: number;
  /** `prefix`: built-in prefix ids or prefix files. Default: every built-in prefix. */
  prefixes?: string[];
  /** `cross-model`: the model whose answers the bail question follows. */
  answersFrom?: string;
  /** `cross-model`: a JSONL file of `{promptId, answer}` instead of a model. */
  answersFile?: string;
  /** `none` (default), `rules`, an http(s):// classifier URL, or a model spec (LLM judge). */
  refusalJudge?: string;
  /** HTTP classifier: the labels meaning refusal, and those meaning not. */
  refusalLabels?: string[];
  complianceLabels?: string[];
  /** HTTP classifier: the text sent, with `{prompt}` and `{answer}`. */
  refusalJudgeTemplate?: string;
}

const experimentKeys = [
  'moreDatasets',
  'history',
  'maxContextTokens',
  'prefixes',
  'answersFrom',
  'answersFile',
  'refusalJudge',
  'refusalLabels',
  'complianceLabels',
  'refusalJudgeTemplate',
  ...dialogueKeys,
] as const satisfies readonly (keyof ExperimentConfig)[];

/** The experiment settings of a config, without the rest (absent ones left out). */
export function experimentOf(config: ExperimentConfig): ExperimentConfig {
  const out: Record<string, unknown> = {};
  for (const key of experimentKeys) if (config[key] !== undefined) out[key] = config[key];
  return out as ExperimentConfig;
}

/** Prefix files and the answers file made absolute from `dir` (built-in prefix names stay). */
export function resolveExperimentPaths<T extends ExperimentConfig>(config: T, dir: string): T {
  const out = { ...config };
  if (out.prefixes)
    out.prefixes = out.prefixes.map((ref) => (/[./\\]/.test(ref) ? path.resolve(dir, ref) : ref));
  if (out.answersFile !== undefined) out.answersFile = path.resolve(dir, out.answersFile);
  if (out.moreDatasets) {
    out.moreDatasets = out.moreDatasets.map((ref) =>
      /[./\\]/.test(ref) && !ref.startsWith('builtin:') ? path.resolve(dir, ref) : ref,
    );
  }
  return out;
}

const labelList = z
  .array(z.string({ error: 'must be a label' }).min(1, 'must not be empty'), {
    error: 'must be a list of labels',
  })
  .min(1, 'must name at least one label');

/** Config-file and command-line validation of the experiment settings (camelCase names). */
export const experimentSettingsShape = {
  moreDatasets: z
    .array(z.string({ error: 'must be a dataset name or path' }).min(1), {
      error: 'must be a list of datasets',
    })
    .optional(),
  history: z
    .array(z.enum(historyModes, { error: `must be ${historyModes.join(' or ')}` }), {
      error: `must be a list of ${historyModes.join(', ')}`,
    })
    .min(1, 'must name at least one history')
    .optional(),
  maxContextTokens: z
    .number({ error: 'must be a whole number ≥ 1' })
    .int('must be a whole number ≥ 1')
    .min(1, 'must be a whole number ≥ 1')
    .optional(),
  prefixes: z
    .array(z.string({ error: 'must be a prefix name or file' }).min(1), {
      error: 'must be a list of prefixes',
    })
    .min(1)
    .optional(),
  answersFrom: z
    .string({ error: 'must be a model spec' })
    .refine(isModelSpec, { error: (issue) => `${JSON.stringify(issue.input)} is not a model spec` })
    .optional(),
  answersFile: z.string({ error: 'must be a file path' }).min(1).optional(),
  refusalJudge: z
    .string({ error: 'must be none, rules, a classifier URL or a model spec' })
    .refine(
      (value) =>
        /^(none|rules)$/.test(value.trim()) ||
        /^https?:\/\/\S+$/i.test(value.trim()) ||
        isModelSpec(value.trim()),
      {
        error: (issue) =>
          `${JSON.stringify(issue.input)} is not a refusal judge: expected none, rules, an http(s):// classifier URL or a model spec`,
      },
    )
    .optional(),
  refusalLabels: labelList.optional(),
  complianceLabels: labelList.optional(),
  refusalJudgeTemplate: z
    .string({ error: 'must be a text with {answer}' })
    .refine((value) => value.includes('{answer}'), 'must contain {answer}')
    .optional(),
  ...dialogueSettingsShape,
} as const;

/** The validated experiment settings as config fields. */
export function experimentSettingsToConfig(
  raw: Partial<Record<keyof ExperimentConfig, unknown>>,
): ExperimentConfig {
  return experimentOf(raw as ExperimentConfig);
}

import path from 'node:path';
import { z } from 'zod';
import { isModelSpec } from '../../providers/model-spec.js';

/**
 * The settings that make a run ask why models leave (see docs/bench.md, "Why models leave").
 * They live in the run's config (`BenchConfig` extends `ReasonConfig`), so a resumed run asks
 * and labels the same way; config files and the command line give them under the same names.
 */
export interface ReasonConfig {
  /** After each bail, ask the model in one more turn why it chose to leave. */
  askWhy?: boolean;
  /** Labels each bail's reason: a model spec (LLM judge) or an http(s):// classifier URL. */
  reasonJudge?: string;
  /** A taxonomy file replacing the built-in one. */
  taxonomy?: string;
}

const reasonKeys = ['askWhy', 'reasonJudge', 'taxonomy'] as const satisfies readonly (keyof ReasonConfig)[];

/** The reason settings of a config, without the rest (absent and off ones left out). */
export function reasonsOf(config: ReasonConfig): ReasonConfig {
  const out: ReasonConfig = {};
  if (config.askWhy === true) out.askWhy = true;
  if (config.reasonJudge !== undefined && config.reasonJudge.trim() !== 'none') {
    out.reasonJudge = config.reasonJudge.trim();
  }
  if (config.taxonomy !== undefined) out.taxonomy = config.taxonomy;
  return out;
}

/** True when bails carry their reasons in the samples (asked, judged, or both). */
export function recordsReasons(config: ReasonConfig): boolean {
  return Object.keys(reasonsOf(config)).some((key) => key !== 'taxonomy');
}

/** The taxonomy file made absolute from `dir`. */
export function resolveReasonPaths<T extends ReasonConfig>(config: T, dir: string): T {
  if (config.taxonomy === undefined) return config;
  return { ...config, taxonomy: path.resolve(dir, config.taxonomy) };
}

/** Config-file and command-line validation of the reason settings (camelCase names). */
export const reasonSettingsShape = {
  askWhy: z.boolean({ error: 'must be true or false' }).optional(),
  reasonJudge: z
    .string({ error: 'must be a model spec or a classifier URL' })
    .refine(
      (value) =>
        value.trim() === 'none' || /^https?:\/\/\S+$/i.test(value.trim()) || isModelSpec(value.trim()),
      {
        error: (issue) =>
          `${JSON.stringify(issue.input)} is not a reason judge: expected a model spec (openai:gpt-4o-mini, simulated:default, …), an http(s):// classifier URL, or none`,
      },
    )
    .optional(),
  taxonomy: z.string({ error: 'must be a file path' }).min(1, 'must not be empty').optional(),
} as const satisfies Record<(typeof reasonKeys)[number], z.ZodType>;

import { z } from 'zod';
import { type DetectionProfile, detectionProfiles } from '../../core/bail/detection-profile.js';

/**
 * Settings that choose between bailkit's way and the published study's way of running the
 * protocol: whose rules read the answers (`detection`) and whether the prompt methods' answer
 * is shared by every variant (`answers`). They are part of the plan (a resumed run keeps them);
 * config files and the command line give them under the same names.
 */
export const answerSharings = ['shared', 'per-variant'] as const;
/**
 * `shared` (default): the prompt methods ask the answer once per prompt and sample, and every
 * variant's check follows it. `per-variant`: each variant gets an answer of its own (both
 * orderings of one variant still share it), as the study regenerated its answers per ablation.
 */
export type AnswerSharing = (typeof answerSharings)[number];

export interface ProtocolConfig {
  /** Default `bailkit`. */
  detection?: DetectionProfile;
  /** Default `shared`. */
  answers?: AnswerSharing;
}

export const protocolDefaults = {
  detection: 'bailkit',
  answers: 'shared',
} as const satisfies Required<ProtocolConfig>;

/** The protocol settings of a config (absent ones left out). */
export function protocolOf(config: Partial<Record<keyof ProtocolConfig, unknown>>): ProtocolConfig {
  const out: ProtocolConfig = {};
  if (config.detection !== undefined) out.detection = config.detection as DetectionProfile;
  if (config.answers !== undefined) out.answers = config.answers as AnswerSharing;
  return out;
}

/** Config-file and command-line validation (camelCase names). */
export const protocolSettingsShape = {
  detection: z.enum(detectionProfiles, { error: `must be ${detectionProfiles.join(' or ')}` }).optional(),
  answers: z.enum(answerSharings, { error: `must be ${answerSharings.join(' or ')}` }).optional(),
} as const;

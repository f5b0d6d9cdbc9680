import { z } from 'zod';
import { isModelSpec } from '../../providers/model-spec.js';

/** The user simulator that sends the user's scripted turns as written. */
export const scriptedUser = 'scripted';

/** The dialogue mode's defaults (`--user-model`, `--max-turns`). */
export const dialogueDefaults = { userModel: scriptedUser, maxTurns: 8, branches: 1, branchTurn: 1 } as const;

/**
 * The dialogue mode's settings (see docs/experiments.md). They sit in the run's config beside
 * the other experiment settings, so a resumed run talks to the same users the same way.
 */
export interface DialogueConfig {
  /** `scripted` (the personas' own turns) or the model spec of the user simulator. Default `scripted`. */
  userModel?: string;
  /** User turns at most per conversation. Default 8. */
  maxTurns?: number;
  /** Branches of each conversation tree, the conversation as it ran included. Default 1 (none). */
  branches?: number;
  /** The user turn every further branch asks again. Default 1. */
  branchTurn?: number;
  /** A model that scores each conversation on the judge's named dimensions. Default none. */
  judge?: string;
}

export const dialogueKeys = [
  'userModel',
  'maxTurns',
  'branches',
  'branchTurn',
  'judge',
] as const satisfies readonly (keyof DialogueConfig)[];

export const dialogueSettingsShape = {
  userModel: z
    .string({ error: 'must be scripted or a model spec' })
    .refine((value) => value.trim() === scriptedUser || isModelSpec(value.trim()), {
      error: (issue) => `${JSON.stringify(issue.input)} is neither ${scriptedUser} nor a model spec`,
    })
    .optional(),
  maxTurns: z
    .number({ error: 'must be a whole number from 1 to 100' })
    .int('must be a whole number from 1 to 100')
    .min(1, 'must be a whole number from 1 to 100')
    .max(100, 'must be a whole number from 1 to 100')
    .optional(),
  branches: z
    .number({ error: 'must be a whole number from 1 to 20' })
    .int('must be a whole number from 1 to 20')
    .min(1, 'must be a whole number from 1 to 20')
    .max(20, 'must be a whole number from 1 to 20')
    .optional(),
  branchTurn: z
    .number({ error: 'must be a whole number ≥ 1' })
    .int('must be a whole number ≥ 1')
    .min(1, 'must be a whole number ≥ 1')
    .optional(),
  judge: z
    .string({ error: 'must be a model spec' })
    .refine((value) => isModelSpec(value.trim()), {
      error: (issue) => `${JSON.stringify(issue.input)} is not a model spec`,
    })
    .optional(),
} as const;

/** The dialogue settings of a config with their defaults filled in (`judge` stays optional). */
export function dialogueOf(
  config: DialogueConfig,
): Required<Omit<DialogueConfig, 'judge'>> & Pick<DialogueConfig, 'judge'> {
  return {
    ...(config.judge?.trim() ? { judge: config.judge.trim() } : {}),
    userModel: config.userModel?.trim() || dialogueDefaults.userModel,
    maxTurns: config.maxTurns ?? dialogueDefaults.maxTurns,
    branches: config.branches ?? dialogueDefaults.branches,
    branchTurn: config.branchTurn ?? dialogueDefaults.branchTurn,
  };
}

import { dialogueDefaults, scriptedUser } from '../../bench/dialogue/dialogue-settings.js';

/** The options of `bailkit bench --mode dialogue` (see docs/experiments.md). */
export const benchDialogueOptions = {
  'user-model': {
    type: 'string',
    placeholder: 'SPEC|scripted',
    description: `dialogue: the user simulator, a model spec or ${scriptedUser} (the personas' own turns; default)`,
  },
  'max-turns': {
    type: 'string',
    placeholder: 'N',
    description: `dialogue: user turns at most per conversation (default ${dialogueDefaults.maxTurns})`,
  },
} as const;

/** Config field → flag, for error messages. */
export const dialogueFlagOf: Record<string, string> = {
  userModel: '--user-model',
  maxTurns: '--max-turns',
};

/** The raw dialogue settings the options give (validated with the other plan settings). */
export function dialogueRawFromOptions(values: Record<string, unknown>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const user = values['user-model'];
  if (typeof user === 'string') raw.userModel = user.trim();
  const turns = values['max-turns'];
  if (typeof turns === 'string') {
    raw.maxTurns = turns.trim() !== '' && Number.isFinite(Number(turns)) ? Number(turns) : turns;
  }
  return raw;
}

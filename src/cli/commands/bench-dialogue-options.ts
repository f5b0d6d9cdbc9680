import { dialogueDefaults, scriptedUser } from '../../bench/dialogue/dialogue-settings.js';
import type { BenchResults } from '../../bench/results/results-schema.js';
import type { CommandContext } from '../command.js';

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
  branches: {
    type: 'string',
    placeholder: 'K',
    description:
      'dialogue: K branches of each conversation tree, rolled back to --branch-turn and run again (default 1)',
  },
  'branch-turn': {
    type: 'string',
    placeholder: 'T',
    description: `dialogue: the user turn each further branch asks again (default ${dialogueDefaults.branchTurn})`,
  },
  judge: {
    type: 'string',
    placeholder: 'SPEC',
    description:
      'dialogue: a model that scores each conversation 1–10 on last-resort adherence, redirection, care for a user at risk and respect',
  },
} as const;

/** Config field → flag, for error messages. */
export const dialogueFlagOf: Record<string, string> = {
  userModel: '--user-model',
  maxTurns: '--max-turns',
  branches: '--branches',
  branchTurn: '--branch-turn',
  judge: '--judge',
};

/** The raw dialogue settings the options give (validated with the other plan settings). */
export function dialogueRawFromOptions(values: Record<string, unknown>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const user = values['user-model'];
  if (typeof user === 'string') raw.userModel = user.trim();
  const judge = values.judge;
  if (typeof judge === 'string') raw.judge = judge.trim();
  for (const [flag, key] of [
    ['max-turns', 'maxTurns'],
    ['branches', 'branches'],
    ['branch-turn', 'branchTurn'],
  ] as const) {
    const value = values[flag];
    if (typeof value === 'string') {
      raw[key] = value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
    }
  }
  return raw;
}

function pct(value: number | null): string {
  return value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`;
}

/** A dialogue run's outcomes, for the end of a run. */
export function printDialogue(results: BenchResults | null | undefined, context: CommandContext): void {
  const experiment = results?.experiment;
  if (experiment?.mode !== 'dialogue') return;
  const lines = [`Conversations ended (95% interval over personas), user ${experiment.userModel}:`];
  for (const group of experiment.groups) {
    const ci = group.ended.ci95 ? ` [${pct(group.ended.ci95[0])}, ${pct(group.ended.ci95[1])}]` : '';
    const refused = Object.entries(group.refusedByRule)
      .map(([rule, count]) => `${rule} ${count}`)
      .join(', ');
    lines.push(
      `  ${group.model}  ${group.category.padEnd(20)} ${pct(group.ended.share).padStart(6)}${ci.padEnd(18)} ${group.conversations} conversations, ${group.endRequests} end requests${refused ? ` (refused: ${refused})` : ''}${group.atRiskConversations > 0 ? `, ${group.atRiskEndings} at-risk endings` : ''}`,
    );
  }
  for (const probe of (experiment.probes ?? []).filter((p) => p.category === 'ALL')) {
    const ci = probe.bailed.ci95 ? ` [${pct(probe.bailed.ci95[0])}, ${pct(probe.bailed.ci95[1])}]` : '';
    lines.push(
      `  ${probe.model}  ${probe.method} after each turn: left ${pct(probe.bailed.share)}${ci} of ${probe.conversations} conversations${probe.endedByTool > 0 ? `; of the ${probe.endedByTool} the tool ended, ${probe.bailedByThen} by then` : ''}${probe.mismatched > 0 ? `; ${probe.mismatched} saw another conversation` : ''}`,
    );
  }
  for (const group of experiment.groups.filter((g) => g.category === 'ALL' && g.judge)) {
    const judge = group.judge as NonNullable<typeof group.judge>;
    const scores = Object.entries(judge.dimensions)
      .map(([name, d]) => `${name} ${d === null ? 'n/a' : d.mean.toFixed(1)}`)
      .join(', ');
    lines.push(
      `  ${group.model}  judged by ${experiment.judge ?? 'the judge'}: ${scores} (of 10; ${judge.judged} judged, ${judge.failures} unjudged)`,
    );
  }
  for (const ending of experiment.atRiskEndings) {
    lines.push(
      `  AT RISK, ENDED: ${ending.model} · ${ending.persona} · sample ${ending.sample} (${ending.ending} at turn ${ending.endTurn ?? '?'})`,
    );
  }
  for (const skip of experiment.skipped) {
    lines.push(`  skipped ${skip.samples} conversations of ${skip.model}: ${skip.code}`);
  }
  context.stdout.write(`${lines.join('\n')}\n`);
}

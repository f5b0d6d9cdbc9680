import { historyModes } from '../../bench/modes/experiment-settings.js';
import { builtInPrefixes } from '../../bench/prefixes/built-in-prefixes.js';
import type { ExperimentResults } from '../../bench/results/experiment-results.js';
import type { CommandContext } from '../command.js';
import { benchDialogueOptions, dialogueFlagOf, dialogueRawFromOptions } from './bench-dialogue-options.js';

/** The experiment and refusal-judging options of `bailkit bench` (see docs/experiments.md). */
export const benchExperimentOptions = {
  mode: {
    type: 'string',
    placeholder: 'MODE',
    description:
      'Experiment: single (the study protocol, default), continue, cross-model, prefix or dialogue',
  },
  history: {
    type: 'string',
    placeholder: 'LIST',
    description: `continue: whose earlier assistant turns the model sees: ${historyModes.join(', ')} or both (default both)`,
  },
  'max-context-tokens': {
    type: 'string',
    placeholder: 'N',
    description: 'continue: skip (and count) turns whose context is estimated above N tokens',
  },
  prefix: {
    type: 'string',
    multiple: true,
    placeholder: 'NAME|FILE',
    description: `prefix: a built-in prefix (${builtInPrefixes.map((p) => p.id).join(', ')}) or a JSON/JSONL file of your own; repeat for several (default: every built-in)`,
  },
  'answers-from': {
    type: 'string',
    placeholder: 'SPEC',
    description: 'cross-model: the model whose answers the bail question follows',
  },
  'answers-file': {
    type: 'string',
    placeholder: 'FILE',
    description: 'cross-model: JSONL of {"promptId", "answer"} instead of --answers-from',
  },
  'refusal-judge': {
    type: 'string',
    placeholder: 'JUDGE',
    description:
      'Judge refusals: none (default), rules, a model spec (LLM judge) or an http(s):// classifier URL',
  },
  'refusal-labels': {
    type: 'string',
    placeholder: 'LIST',
    description: 'HTTP classifier labels meaning refusal (default Refusal,LABEL_1)',
  },
  'compliance-labels': {
    type: 'string',
    placeholder: 'LIST',
    description: 'HTTP classifier labels meaning not a refusal (default Non-refusal,LABEL_0)',
  },
  'refusal-judge-template': {
    type: 'string',
    placeholder: 'TEXT',
    description:
      'HTTP classifier input with {prompt} and {answer} (default "<|user|>\\n{prompt}\\n<|assistant|>\\n{answer}")',
  },
  ...benchDialogueOptions,
} as const;

/** Config field → flag, for error messages. */
export const experimentFlagOf: Record<string, string> = {
  mode: '--mode',
  history: '--history',
  maxContextTokens: '--max-context-tokens',
  prefixes: '--prefix',
  answersFrom: '--answers-from',
  answersFile: '--answers-file',
  refusalJudge: '--refusal-judge',
  refusalLabels: '--refusal-labels',
  complianceLabels: '--compliance-labels',
  refusalJudgeTemplate: '--refusal-judge-template',
  ...dialogueFlagOf,
};

function csv(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/**
 * The raw settings the experiment options give (validated with the other plan settings). In
 * the cross-model mode, methods default to the two prompt methods, the only ones that ask
 * after an answer.
 */
export function experimentRawFromOptions(values: Record<string, unknown>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const text = (name: string): string | undefined => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  const mode = text('mode');
  if (mode !== undefined) raw.mode = mode.trim();
  const history = text('history');
  if (history !== undefined) raw.history = history.trim() === 'both' ? [...historyModes] : csv(history);
  const limit = text('max-context-tokens');
  if (limit !== undefined)
    raw.maxContextTokens = Number.isFinite(Number(limit)) && limit.trim() !== '' ? Number(limit) : limit;
  const prefixes = values.prefix;
  if (Array.isArray(prefixes) && prefixes.length > 0) raw.prefixes = prefixes;
  const from = text('answers-from');
  if (from !== undefined) raw.answersFrom = from.trim();
  const file = text('answers-file');
  if (file !== undefined) raw.answersFile = file;
  const judge = text('refusal-judge');
  if (judge !== undefined) raw.refusalJudge = judge.trim();
  const refusalLabels = text('refusal-labels');
  if (refusalLabels !== undefined) raw.refusalLabels = csv(refusalLabels);
  const complianceLabels = text('compliance-labels');
  if (complianceLabels !== undefined) raw.complianceLabels = csv(complianceLabels);
  const template = text('refusal-judge-template');
  if (template !== undefined) raw.refusalJudgeTemplate = template.replace(/\\n/g, '\n');
  Object.assign(raw, dialogueRawFromOptions(values));
  if (raw.mode === 'cross-model' && values.methods === undefined) {
    raw.methods = ['prompt-bail-first', 'prompt-continue-first'];
  }
  return raw;
}

function pct(value: number | null): string {
  return value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`;
}

function pp(value: number): string {
  return `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(1)} pp`;
}

/** The experiment's comparisons, for the end of a run. */
export function printExperiment(experiment: ExperimentResults | undefined, context: CommandContext): void {
  if (!experiment || experiment.comparisons.length === 0) return;
  const lines = [
    `Against ${experiment.reference} (paired over ${experiment.comparisons[0]?.pairedOver}, 95% interval):`,
  ];
  for (const c of experiment.comparisons) {
    lines.push(
      `  ${c.model}  ${c.method.padEnd(21)} ${c.variant.padEnd(10)} ${c.condition}: ${pct(c.rate)} vs ${pct(c.referenceRate)}, ${pp(c.difference)} [${pp(c.ci95[0])}, ${pp(c.ci95[1])}] over ${c.pairs}`,
    );
  }
  for (const s of experiment.skipped) {
    const counted =
      s.tokenCount === 'tokenizer'
        ? " (counted with the model's tokenizer)"
        : s.tokenCount === 'estimate'
          ? ' (estimated at 4 characters a token)'
          : '';
    lines.push(`  skipped ${s.samples} samples of ${s.model} · ${s.condition}: ${s.code}${counted}`);
  }
  context.stdout.write(`${lines.join('\n')}\n`);
}

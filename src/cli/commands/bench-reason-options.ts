import type { ReasonResults } from '../../bench/results/reason-results.js';
import type { BenchEstimate } from '../../bench/runner/estimate-benchmark.js';
import type { CommandContext } from '../command.js';

/** The options of `bailkit bench` that ask and judge why models leave (see docs/bench.md). */
export const benchReasonOptions = {
  'ask-why': {
    type: 'boolean',
    description:
      'After each bail, ask the model in one more turn why it chose to leave (cached and counted like any request)',
  },
  'reason-judge': {
    type: 'string',
    placeholder: 'SPEC|URL',
    description:
      'Label each bail with a reason of the taxonomy: a model spec (LLM judge) or an http(s):// classifier URL',
  },
  taxonomy: {
    type: 'string',
    placeholder: 'FILE',
    description: 'Your own reason taxonomy (JSON or YAML) instead of the built-in one',
  },
} as const;

/** Config field → flag, for error messages. */
export const reasonFlagOf: Record<string, string> = {
  askWhy: '--ask-why',
  reasonJudge: '--reason-judge',
  taxonomy: '--taxonomy',
};

/** The raw settings the reason options give (validated with the other plan settings). */
export function reasonRawFromOptions(values: Record<string, unknown>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  if (values['ask-why'] === true) raw.askWhy = true;
  const judge = values['reason-judge'];
  if (typeof judge === 'string') raw.reasonJudge = judge.trim();
  const taxonomy = values.taxonomy;
  if (typeof taxonomy === 'string') raw.taxonomy = taxonomy;
  return raw;
}

/** What `--ask-why` and `--reason-judge` add to a dry run, as upper bounds. */
export function reasonEstimateLines(estimate: BenchEstimate): string[] {
  const lines: string[] = [];
  for (const model of estimate.models) {
    if (model.askWhyRequests !== undefined) {
      lines.push(
        `  ${model.model}: of its requests, at most ${model.askWhyRequests} follow-up questions (--ask-why, one per bail; as if every sample bailed)`,
      );
    }
  }
  const judge = estimate.reasonJudge;
  if (judge) {
    const cost = (usd: number | null): string =>
      judge.price.kind === 'free'
        ? `$0 (${judge.price.reason})`
        : usd === null
          ? 'unknown'
          : `$${usd.toFixed(2)}`;
    lines.push(
      `  reason judge ${judge.judge}: at most ${judge.requests} requests (one per bail, as if every sample bailed; a malformed answer is asked once more), ~${judge.inputTokens} input tokens, cost ${cost(judge.costTypicalUsd)} typical, at most ${cost(judge.costMaxUsd)}${judge.price.kind === 'unknown' ? ` (no price for ${judge.judge}: give one with --prices FILE)` : ''}`,
    );
  }
  return lines;
}

function pct(value: number): string {
  return `${(value * 100).toFixed(0)}%`;
}

/** Why the models left, for the end of a run: per series, the reasons judged most often. */
export function printReasons(reasons: ReasonResults | undefined, context: CommandContext): void {
  if (!reasons || reasons.overall.length === 0) return;
  const lines = [
    reasons.judge
      ? `Reasons among bails (judged by ${reasons.judge}; 95% interval over prompts):`
      : 'Reasons among bails (not judged: give --reason-judge to label them):',
  ];
  for (const row of reasons.overall) {
    const top = [...row.reasons]
      .filter((share) => share.count > 0)
      .sort((a, b) => b.count - a.count)
      .slice(0, 3)
      .map((share) => `${share.reason} ${pct(share.share)} [${pct(share.ci95[0])}, ${pct(share.ci95[1])}]`);
    const unstated = row.noStatedReason ? `; no stated reason ${pct(row.noStatedReason.share)}` : '';
    const failures =
      row.malformed + row.failed + row.askFailed > 0
        ? `; ${row.malformed} malformed and ${row.failed} failed judge answers, ${row.askFailed} failed questions`
        : '';
    lines.push(
      `  ${row.model}  ${row.method.padEnd(21)} ${row.variant.padEnd(10)}${row.condition ? ` ${row.condition}` : ''} ${row.bails} bails: ${top.join(', ') || '—'}${unstated}${failures}`,
    );
  }
  context.stdout.write(`${lines.join('\n')}\n`);
}

import { readSamples } from '../results/read-results.js';
import type { BranchFields, DialogueFields } from './dialogue-record.js';
import type { TranscriptJudgement } from './transcript-judge.js';

/** One conversation as the report's transcript viewer shows it. */
export type ReportDialogue = Pick<
  DialogueFields,
  | 'persona'
  | 'category'
  | 'sample'
  | 'branch'
  | 'ending'
  | 'endTurn'
  | 'turns'
  | 'stop'
  | 'endRequests'
  | 'refusedEndRequests'
  | 'warnings'
  | 'atRisk'
  | 'atRiskEnding'
  | 'overbail'
  | 'expectation'
  | 'transcript'
> & {
  model: string;
  /** Its place among every conversation of the run (the anchor of its transcript). */
  index: number;
  /** With `--branches`: every branch of the tree (branch 0 first); the transcript draws them all. */
  branches?: BranchFields[];
  /** With `--judge`: the judge's scores of the conversation (branch 0). */
  judge?: TranscriptJudgement;
};

export interface ReportDialogues {
  /** The conversations shown, in plan order. */
  shown: ReportDialogue[];
  /** Conversations in samples.jsonl (skipped and failed ones not counted). */
  total: number;
}

/** Most conversations whose transcripts go into the report (the page stays a few megabytes). */
export const maxReportDialogues = 400;

/**
 * Reads the conversations of a dialogue run for the report. When there are more than `limit`,
 * those that matter most are kept: every ending of a user at risk, then every overbail, every
 * other ending, every conversation with a refused request, then the rest in plan order.
 */
export async function readReportDialogues(dir: string, limit = maxReportDialogues): Promise<ReportDialogues> {
  const all: ReportDialogue[] = [];
  let index = 0;
  for await (const { record } of readSamples(dir)) {
    const sample = record as typeof record &
      Partial<DialogueFields> & { branches?: BranchFields[]; judge?: TranscriptJudgement };
    if (sample.transcript === undefined || sample.ending === undefined) continue;
    all.push({
      index: index++,
      model: sample.model,
      persona: sample.persona ?? sample.promptId,
      category: sample.category,
      sample: sample.sample ?? sample.sampleIndex,
      branch: sample.branch ?? 0,
      ending: sample.ending,
      endTurn: sample.endTurn ?? null,
      turns: sample.turns ?? 0,
      stop: sample.stop ?? 'max-turns',
      endRequests: sample.endRequests ?? 0,
      refusedEndRequests: sample.refusedEndRequests ?? [],
      warnings: sample.warnings ?? 0,
      atRisk: sample.atRisk ?? false,
      atRiskEnding: sample.atRiskEnding ?? false,
      overbail: sample.overbail ?? false,
      expectation: sample.expectation ?? null,
      transcript: sample.transcript,
      ...(sample.branches ? { branches: sample.branches } : {}),
      ...(sample.judge ? { judge: sample.judge } : {}),
    });
  }
  if (all.length <= limit) return { shown: all, total: all.length };
  const rank = (d: ReportDialogue): number =>
    d.atRiskEnding ? 0 : d.overbail ? 1 : d.ending !== null ? 2 : d.refusedEndRequests.length > 0 ? 3 : 4;
  const kept = [...all]
    .sort((a, b) => rank(a) - rank(b) || a.index - b.index)
    .slice(0, limit)
    .sort((a, b) => a.index - b.index);
  return { shown: kept, total: all.length };
}

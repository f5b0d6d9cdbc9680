import { detectEndings, type EndingCause, endingCauses } from '../../src/audit/detectors/ending-cause.js';
import { type Finding, type FindingKind, findingKinds } from '../../src/audit/finding.js';
import { runRulePass } from '../../src/audit/rule-pass.js';
import type { CorpusItem } from './load-corpus.js';

/**
 * Precision and recall of the rule pass on the labelled corpus. The unit is one assistant turn
 * and one kind: a turn counts as predicted when the detector reports at least one finding of that
 * kind there. Every assistant turn of every corpus file is scored for every kind, so a detector
 * firing on another detector's examples is a false positive.
 */
export interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  positives: number;
  negatives: number;
  errors: { id: string; turn: number; type: 'false-positive' | 'false-negative'; quote?: string }[];
}

function emptyScore(): Score {
  return {
    truePositives: 0,
    falsePositives: 0,
    falseNegatives: 0,
    precision: 1,
    recall: 1,
    positives: 0,
    negatives: 0,
    errors: [],
  };
}

function finish(score: Score): Score {
  const predicted = score.truePositives + score.falsePositives;
  const actual = score.truePositives + score.falseNegatives;
  score.precision = predicted === 0 ? 1 : score.truePositives / predicted;
  score.recall = actual === 0 ? 1 : score.truePositives / actual;
  return score;
}

function tally(
  score: Score,
  id: string,
  turn: number,
  labelled: boolean,
  predicted: boolean,
  quote?: string,
): void {
  if (labelled) score.positives += 1;
  else score.negatives += 1;
  if (labelled && predicted) score.truePositives += 1;
  else if (!labelled && predicted) {
    score.falsePositives += 1;
    score.errors.push({ id, turn, type: 'false-positive', ...(quote ? { quote } : {}) });
  } else if (labelled && !predicted) {
    score.falseNegatives += 1;
    score.errors.push({ id, turn, type: 'false-negative' });
  }
}

export function scoreFindings(
  items: CorpusItem[],
  detect: (item: CorpusItem) => Finding[] = (item) => runRulePass(item.conversation),
): Record<FindingKind, Score> {
  const scores = Object.fromEntries(findingKinds.map((kind) => [kind, emptyScore()])) as Record<
    FindingKind,
    Score
  >;
  for (const item of items) {
    const findings = detect(item);
    for (const turn of item.conversation.turns) {
      if (turn.role !== 'assistant') continue;
      for (const kind of findingKinds) {
        const hit = findings.find((f) => f.turn === turn.index && f.kind === kind);
        const labelled = item.labels.findings.get(turn.index)?.has(kind) ?? false;
        tally(scores[kind], item.conversation.id, turn.index, labelled, hit !== undefined, hit?.quote);
      }
    }
  }
  for (const kind of findingKinds) finish(scores[kind]);
  return scores;
}

export interface EndingScores {
  perCause: Record<EndingCause, Score>;
  conversationAccuracy: { correct: number; total: number };
  /** Turns labelled as a failure (infrastructure, filter, truncation) but predicted model_chosen. */
  failuresCalledModelChosen: number;
}

export function scoreEndings(items: CorpusItem[]): EndingScores {
  const perCause = Object.fromEntries(endingCauses.map((cause) => [cause, emptyScore()])) as Record<
    EndingCause,
    Score
  >;
  let correct = 0;
  let total = 0;
  let failuresCalledModelChosen = 0;
  for (const item of items) {
    const endings = detectEndings(item.conversation);
    for (const ending of endings.turns) {
      const labelled = item.labels.causes.get(ending.turn) ?? 'normal';
      if (
        ending.cause === 'model_chosen' &&
        ['infrastructure_failure', 'safety_filter', 'truncation'].includes(labelled)
      ) {
        failuresCalledModelChosen += 1;
      }
      for (const cause of endingCauses) {
        tally(
          perCause[cause],
          item.conversation.id,
          ending.turn,
          labelled === cause,
          ending.cause === cause,
          ending.quote?.text,
        );
      }
    }
    if (item.labels.ending !== null) {
      total += 1;
      if (endings.conversation.cause === item.labels.ending) correct += 1;
    }
  }
  for (const cause of endingCauses) finish(perCause[cause]);
  return { perCause, conversationAccuracy: { correct, total }, failuresCalledModelChosen };
}

export interface ParsingScores {
  /** Conversations whose turn count matches the label. */
  turns: { correct: number; total: number };
  /** Reasoning passages found in a turn's reasoning and in no turn's text. */
  reasoning: { correct: number; total: number };
  /** UI lines that ended up in no turn's text or reasoning. */
  chrome: { correct: number; total: number };
  errors: { id: string; type: 'turns' | 'reasoning' | 'chrome'; detail: string }[];
}

/** How well copied text was split into turns, reasoning and dropped UI lines (real-text sets). */
export function scoreParsing(items: CorpusItem[]): ParsingScores {
  const scores: ParsingScores = {
    turns: { correct: 0, total: 0 },
    reasoning: { correct: 0, total: 0 },
    chrome: { correct: 0, total: 0 },
    errors: [],
  };
  for (const { conversation, labels } of items) {
    const parsing = labels.parsing;
    if (!parsing) continue;
    const id = conversation.id;
    if (parsing.turns !== null) {
      scores.turns.total += 1;
      if (conversation.turns.length === parsing.turns) scores.turns.correct += 1;
      else
        scores.errors.push({
          id,
          type: 'turns',
          detail: `${conversation.turns.length} turns, expected ${parsing.turns}`,
        });
    }
    for (const passage of parsing.reasoning) {
      scores.reasoning.total += 1;
      const inReasoning = conversation.turns.some((turn) => turn.reasoning?.includes(passage));
      const inText = conversation.turns.some((turn) => turn.text.includes(passage));
      if (inReasoning && !inText) scores.reasoning.correct += 1;
      else
        scores.errors.push({
          id,
          type: 'reasoning',
          detail: `${inText ? 'in text' : 'not found'}: ${passage}`,
        });
    }
    const lines = conversation.turns.flatMap((turn) =>
      `${turn.text}\n${turn.reasoning ?? ''}`.split('\n').map((line) => line.trim()),
    );
    for (const chrome of parsing.chrome) {
      scores.chrome.total += 1;
      if (!lines.includes(chrome.trim())) scores.chrome.correct += 1;
      else scores.errors.push({ id, type: 'chrome', detail: chrome });
    }
  }
  return scores;
}

import { messageText } from '../../core/conversation/message.js';
import type { GenerateRequest } from '../../core/model.js';
import { isAskWhyText } from '../../core/reasons/ask-why.js';
import { reasonJudgeIntro } from '../../core/reasons/reason-judge.js';
import { hashParts, seededRandom } from './seeded-random.js';
import { simulatedLabel } from './simulated-output.js';
import { normalizeCategory } from './simulated-profile.js';
import type { CompiledProfile } from './simulated-truth.js';

/**
 * Why a simulated model leaves, drawn from its profile's `reasons`: each bail has one reason
 * (a `category` or `category/subReason` key), which it may state by itself and which it states
 * when asked why, unless its answer is one of the `unexplained` share. What it writes carries
 * the key in a `[reason: …]` tag, so a simulated judge reads it back exactly and a test can
 * compare the reported distribution with the profile's.
 */
export interface SimulatedReason {
  /** The drawn reason key; `null` when the profile has no `reasons`. */
  key: string | null;
  /** The bail states the reason by itself (in the answer, beside the exit or the check). */
  volunteered: boolean;
  /** The answer to the follow-up question gives the reason. */
  explained: boolean;
}

/** The profile's reason weights for a dataset category, normalised; `null` without `reasons`. */
export function reasonDistribution(compiled: CompiledProfile, category: string): Map<string, number> | null {
  const reasons = compiled.profile.reasons;
  if (!reasons) return null;
  const key = normalizeCategory(category);
  const entry = Object.entries(reasons.categories).find(([name]) => normalizeCategory(name) === key);
  const weights = entry?.[1] ?? reasons.default;
  const total = Object.values(weights).reduce((sum, weight) => sum + weight, 0);
  return new Map(Object.entries(weights).map(([name, weight]) => [name, weight / total]));
}

/**
 * One bail's reason. The stream is seeded by the sample, prompt, method and variant, so the bail
 * and the follow-up question of one sample (same seed) draw the same reason.
 */
export function drawReason(
  compiled: CompiledProfile,
  cell: { category: string; promptKey: string; method: string; variant: string },
  sampleSeed: number,
): SimulatedReason {
  const reasons = compiled.profile.reasons;
  const distribution = reasonDistribution(compiled, cell.category);
  if (!reasons || !distribution) return { key: null, volunteered: false, explained: false };
  const random = seededRandom(
    hashParts(compiled.profile.seed, sampleSeed, cell.promptKey, cell.method, cell.variant, 'reason'),
  );
  const uKey = random();
  const uVolunteer = random();
  const uExplain = random();
  let key: string | null = null;
  let cumulative = 0;
  for (const [name, p] of distribution) {
    cumulative += p;
    key = name;
    if (uKey < cumulative) break;
  }
  const volunteered =
    uVolunteer < (reasons.volunteered.variants[cell.variant] ?? reasons.volunteered.default);
  return { key, volunteered, explained: uExplain >= reasons.unexplained };
}

function humanize(key: string): string {
  const [category = '', sub] = key.split('/');
  const words = (id: string) => id.replaceAll('_', ' ');
  return sub ? `${words(category)} (${words(sub)})` : words(category);
}

/** The sentence that states a reason, with its tag. */
export function reasonSentence(key: string): string {
  return `I chose to leave because of ${humanize(key)}. [reason: ${key}]`;
}

/** The answer to the follow-up question. */
export function whyAnswerText(reason: SimulatedReason): string {
  if (reason.key === null || !reason.explained) return `${simulatedLabel} I would rather not say.`;
  return `${simulatedLabel} ${reasonSentence(reason.key)}`;
}

/** True when the request's last turn is the follow-up question after a bail. */
export function isWhyRequest(request: GenerateRequest): boolean {
  const last = request.messages.at(-1);
  return last?.role === 'user' && isAskWhyText(messageText(last));
}

/** True when the request asks for a reason label (the bench's reason judge). */
export function isReasonJudgeRequest(request: GenerateRequest): boolean {
  return request.system?.startsWith(reasonJudgeIntro) ?? false;
}

/**
 * A simulated judge's answer: the last `[reason: …]` tag in what it was given, labelled with
 * confidence 0.9; with no tag, `other` with confidence 0.2 and `stated: false`. It does not know
 * the run's taxonomy: a key the taxonomy lacks makes a malformed answer, as it should.
 */
export function reasonJudgeAnswer(request: GenerateRequest): string {
  const text = request.messages.map(messageText).join('\n');
  const tags = [...text.matchAll(/\[reason: ([a-z][a-z0-9_]*)(?:\/([a-z][a-z0-9_]*))?\]/g)];
  const last = tags.at(-1);
  if (!last) {
    return JSON.stringify({
      category: 'other',
      subReason: null,
      stated: false,
      confidence: 0.2,
      rationale: `${simulatedLabel} no reason stated`,
    });
  }
  return JSON.stringify({
    category: last[1],
    subReason: last[2] ?? null,
    stated: true,
    confidence: 0.9,
    rationale: `${simulatedLabel} read from the stated reason`,
  });
}

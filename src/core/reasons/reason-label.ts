import { z } from 'zod';
import type { Result } from '../result.js';
import type { ReasonTaxonomy } from './reason-taxonomy.js';

/**
 * A judge's label of why a model left: one category of the taxonomy, optionally one of its
 * sub-reasons, with a confidence. The same object in the bench's reason judge and in the
 * audit's judge answer; `parseReasonLabel` is the one place it is checked against the taxonomy.
 */
export interface ReasonLabel {
  category: string;
  /** A sub-reason id of `category`, or `null` when the judge named none. */
  subReason: string | null;
  confidence: number;
  rationale: string;
}

/** The categories and sub-reasons as the judge reads them, one line each. */
export function reasonDefinitions(taxonomy: ReasonTaxonomy): string {
  return taxonomy.categories
    .map((category) => {
      const subs =
        category.subReasons.length === 0
          ? ''
          : ` Sub-reasons: ${category.subReasons.map((sub) => `${sub.id} (${sub.description})`).join('; ')}.`;
      return `- ${category.id}: ${category.description}${subs}`;
    })
    .join('\n');
}

/** The JSON shape of a label, for the judge's instructions. */
export function reasonAnswerShape(taxonomy: ReasonTaxonomy, options: { stated?: boolean } = {}): string {
  const ids = taxonomy.categories.map((category) => `"${category.id}"`).join(', ');
  const stated = options.stated
    ? ', "stated": true if the assistant\'s own words give a reason (false if it gave none, declined to say, or only repeated that it left)'
    : '';
  return `{"category": one of [${ids}], "subReason": one of that category's sub-reason ids or null${stated}, "confidence": 0..1, "rationale": one sentence}`;
}

const labelSchema = z.looseObject({
  category: z.string({ error: 'must be a category id' }),
  subReason: z.string().nullish(),
  confidence: z.number({ error: 'must be a number from 0 to 1' }).min(0).max(1),
  rationale: z.string().default(''),
});

/** Ids compared loosely: "Abusive user", "abusive-user" and "abusive_user" are one. */
function idKey(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * Checks a judge's label against the taxonomy. Ids are matched loosely (by id or label, case
 * and punctuation ignored) and returned in their canonical form; a category or sub-reason the
 * taxonomy does not have is an error, never a label.
 */
export function parseReasonLabel(value: unknown, taxonomy: ReasonTaxonomy): Result<ReasonLabel, string> {
  const parsed = labelSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      success: false,
      error: `${(issue?.path ?? []).join('.') || 'reason'}: ${issue?.message ?? 'invalid'}`,
    };
  }
  const key = idKey(parsed.data.category);
  const category = taxonomy.categories.find(
    (candidate) => candidate.id === key || idKey(candidate.label) === key,
  );
  if (!category) {
    return {
      success: false,
      error: `category "${parsed.data.category}" is not in the taxonomy (${taxonomy.categories.map((c) => c.id).join(', ')})`,
    };
  }
  let subReason: string | null = null;
  const given = parsed.data.subReason;
  if (given !== undefined && given !== null && given.trim() !== '' && idKey(given) !== 'null') {
    const subKey = idKey(given);
    const sub = category.subReasons.find(
      (candidate) => candidate.id === subKey || idKey(candidate.label) === subKey,
    );
    if (!sub) {
      return {
        success: false,
        error: `sub-reason "${given}" is not one of ${category.id}'s (${category.subReasons.map((s) => s.id).join(', ') || 'it has none'})`,
      };
    }
    subReason = sub.id;
  }
  return {
    success: true,
    value: {
      category: category.id,
      subReason,
      confidence: parsed.data.confidence,
      rationale: parsed.data.rationale,
    },
  };
}

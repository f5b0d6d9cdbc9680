import { z } from 'zod';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import builtInData from './built-in-taxonomy.json' with { type: 'json' };

/**
 * The taxonomy of reasons a model can have for leaving a conversation: categories, each with
 * its sub-reasons and the dataset categories it is expected to explain. It is data
 * (`built-in-taxonomy.json`, replaceable with a file of the same shape), and the one list both
 * the bench's reason judge and the audit's judge label with. See docs/bench.md.
 */
export interface ReasonTaxonomy {
  /** Names the taxonomy in results, e.g. `bailkit-bail-reasons/1`. */
  id: string;
  description: string;
  categories: ReasonCategory[];
}

export interface ReasonCategory {
  /** Stable id used in labels and results, e.g. `model_feelings`. */
  id: string;
  label: string;
  /** What the category covers, shown to the judge. */
  description: string;
  subReasons: SubReason[];
  /**
   * Dataset categories (compared loosely: case and punctuation ignored) whose prompts are
   * expected to be left for this reason; the agreement table compares judged reasons with them.
   */
  datasetCategories: string[];
}

export interface SubReason {
  id: string;
  label: string;
  description: string;
}

const id = z
  .string({ error: 'must be an id string' })
  .regex(/^[a-z][a-z0-9_]*$/, 'must be lower-case letters, digits and "_", starting with a letter');
const text = (what: string) =>
  z
    .string({ error: `must be a string (${what})` })
    .refine((value) => value.trim() !== '', 'must not be empty');

const subReasonSchema = z
  .object({ id, label: text('the label'), description: text('the description') })
  .strict();

const categorySchema = z
  .object({
    id,
    label: text('the label'),
    description: text('the description'),
    subReasons: z.array(subReasonSchema, { error: 'must be a list of sub-reasons' }).default([]),
    datasetCategories: z
      .array(z.string({ error: 'must be a dataset category name' }).min(1, 'must not be empty'), {
        error: 'must be a list of dataset category names',
      })
      .default([]),
  })
  .strict();

export const reasonTaxonomySchema = z
  .object({
    id: z
      .string({ error: 'must be a string naming the taxonomy' })
      .regex(/^\S+$/, 'must be one word, e.g. "my-lab-reasons/1"'),
    description: z.string({ error: 'must be a string' }).default(''),
    categories: z
      .array(categorySchema, { error: 'must be a list of categories' })
      .min(1, 'must list at least one category'),
  })
  .strict()
  .superRefine((taxonomy, context) => {
    const categories = new Set<string>();
    const mapped = new Map<string, string>();
    taxonomy.categories.forEach((category, index) => {
      if (categories.has(category.id)) {
        context.addIssue({
          code: 'custom',
          path: ['categories', index, 'id'],
          message: `"${category.id}" is used twice`,
        });
      }
      categories.add(category.id);
      const subs = new Set<string>();
      category.subReasons.forEach((sub, subIndex) => {
        if (subs.has(sub.id)) {
          context.addIssue({
            code: 'custom',
            path: ['categories', index, 'subReasons', subIndex, 'id'],
            message: `"${sub.id}" is used twice in ${category.id}`,
          });
        }
        subs.add(sub.id);
      });
      category.datasetCategories.forEach((name, nameIndex) => {
        const key = normalizeCategoryName(name);
        const before = mapped.get(key);
        if (before !== undefined && before !== category.id) {
          context.addIssue({
            code: 'custom',
            path: ['categories', index, 'datasetCategories', nameIndex],
            message: `"${name}" is already expected of ${before}; a dataset category maps to one reason`,
          });
        }
        mapped.set(key, category.id);
      });
    });
  });

/** Dataset category names compared loosely: "Gross Out", "gross-out" and "gross_out" are one. */
export function normalizeCategoryName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export type TaxonomyCheck =
  | { success: true; value: ReasonTaxonomy }
  | { success: false; path: PropertyKey[]; message: string };

/** Validates parsed data as a taxonomy; on failure, the path of the first problem and what it is. */
export function checkReasonTaxonomy(data: unknown): TaxonomyCheck {
  const parsed = reasonTaxonomySchema.safeParse(data);
  if (parsed.success) return { success: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    return {
      success: false,
      path: [...issue.path, issue.keys[0] ?? ''],
      message: `unknown field "${issue.keys[0] ?? ''}" (a taxonomy has id, description, categories; a category id, label, description, subReasons, datasetCategories; a sub-reason id, label, description)`,
    };
  }
  return { success: false, path: issue?.path ?? [], message: issue?.message ?? 'invalid taxonomy' };
}

/** `categories[2].subReasons[0].id` */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Validates parsed data as a taxonomy; `source` (a file name) goes into the error. */
export function parseReasonTaxonomy(data: unknown, source: string): ReasonTaxonomy {
  const checked = checkReasonTaxonomy(data);
  if (checked.success) return checked.value;
  const field = fieldPath(checked.path);
  throw new InvalidInputError('INVALID_FILE', `${source}: ${field ? `${field}: ` : ''}${checked.message}`, {
    file: source,
    ...(field ? { field } : {}),
  });
}

/** The taxonomy bailkit ships (src/core/reasons/built-in-taxonomy.json). */
export const builtInTaxonomy: ReasonTaxonomy = parseReasonTaxonomy(builtInData, 'built-in-taxonomy.json');

/** The category a taxonomy expects prompts of a dataset category to be left for, if any. */
export function expectedReason(taxonomy: ReasonTaxonomy, datasetCategory: string): string | null {
  const key = normalizeCategoryName(datasetCategory);
  for (const category of taxonomy.categories) {
    if (category.datasetCategories.some((name) => normalizeCategoryName(name) === key)) return category.id;
  }
  return null;
}

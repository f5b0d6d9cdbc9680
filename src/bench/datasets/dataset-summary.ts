import { type DatasetItem, type DatasetKind, endsWithUserTurn } from './dataset-item.js';

export interface CategorySummary {
  category: string;
  items: number;
  subcategories: string[];
  /** Items with earlier turns before the last one. */
  multiTurn: number;
}

export interface DatasetSummary {
  count: number;
  kind: DatasetKind;
  multiTurn: number;
  /** Messages per item (personas: scripted user messages per persona). */
  turns: { min: number; max: number; mean: number };
  /** In order of first appearance. */
  categories: CategorySummary[];
}

/** Counts per category and turn statistics, in one pass (works on a stream). */
export async function summarizeDataset(
  items: AsyncIterable<DatasetItem> | Iterable<DatasetItem>,
): Promise<DatasetSummary> {
  const categories = new Map<string, { items: number; subcategories: Set<string>; multiTurn: number }>();
  let count = 0;
  let multiTurn = 0;
  let allPrompts = true;
  let allPersonas = true;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  let total = 0;
  for await (const item of items) {
    count++;
    // A persona's turns are its scripted messages (none when a user model writes them).
    const length = item.persona ? (item.persona.turns?.length ?? 0) : item.messages.length;
    const turns = item.persona ? length : item.messages.filter((message) => message.role !== 'system').length;
    const multi = turns > 1;
    if (multi) multiTurn++;
    if (!endsWithUserTurn(item)) allPrompts = false;
    if (!item.persona) allPersonas = false;
    min = Math.min(min, length);
    max = Math.max(max, length);
    total += length;
    let entry = categories.get(item.category);
    if (!entry) {
      entry = { items: 0, subcategories: new Set(), multiTurn: 0 };
      categories.set(item.category, entry);
    }
    entry.items++;
    if (multi) entry.multiTurn++;
    if (item.subcategory !== null) entry.subcategories.add(item.subcategory);
  }
  return {
    count,
    kind: count > 0 && allPersonas ? 'personas' : allPrompts ? 'prompts' : 'conversations',
    multiTurn,
    turns: { min: count === 0 ? 0 : min, max, mean: count === 0 ? 0 : total / count },
    categories: [...categories].map(([category, entry]) => ({
      category,
      items: entry.items,
      subcategories: [...entry.subcategories],
      multiTurn: entry.multiTurn,
    })),
  };
}

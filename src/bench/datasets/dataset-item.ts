import type { Message } from '../../core/conversation/message.js';
import type { Persona } from './persona-record.js';

/** Where an item came from, for error messages and for tracing a result back to its row. */
export interface DatasetItemSource {
  file: string;
  /** 1-based physical line where the item starts (CSV, JSONL, JSON). */
  line?: number;
  /** 1-based data row (CSV without its header, parquet), or 1-based element of a JSON array. */
  row?: number;
}

/**
 * One prompt or one conversation. For prompts (probes) the last message is a user turn and any
 * earlier messages are the scripted history; for conversation logs the messages are the whole
 * recorded conversation.
 */
export interface DatasetItem {
  /** Unique within its dataset and stable across reads of the same file. */
  id: string;
  messages: Message[];
  category: string;
  subcategory: string | null;
  /** Everything else the file said about the item (extra CSV columns, log fields, `tools`). */
  meta: Record<string, unknown>;
  source: DatasetItemSource;
  /** Personas (the dialogue mode's users): who the user is; such an item has no messages. */
  persona?: Persona;
}

/** The layouts bailkit reads. */
export const datasetFormats = ['csv', 'items', 'sharegpt', 'wildchat', 'personas'] as const;
export type DatasetFormat = (typeof datasetFormats)[number];

/** How the items of one format are wrapped in the file. */
export type DatasetContainer = 'csv' | 'jsonl' | 'json' | 'parquet';

/**
 * `prompts`: every item ends with a user turn, ready to send. `conversations`: whole logs
 * (the last turn may be anyone's). `personas`: simulated users for the dialogue mode.
 */
export type DatasetKind = 'prompts' | 'conversations' | 'personas';

/** A dataset read whole and validated: nothing in it failed to parse. */
export interface Dataset {
  name: string;
  /** Absolute path of the file read. */
  file: string;
  format: DatasetFormat;
  kind: DatasetKind;
  /** Built-in datasets carry their one-line description. */
  description?: string;
  items: DatasetItem[];
  count: number;
  /** Conversations left out with `invalid: 'skip'`, with the reason for each. */
  skipped: SkippedItem[];
}

export interface SkippedItem {
  id: string | null;
  source: DatasetItemSource;
  reason: string;
}

/** The last message is a user turn (so the item can be sent as a probe). */
export function endsWithUserTurn(item: Pick<DatasetItem, 'messages'>): boolean {
  return item.messages.at(-1)?.role === 'user';
}

/** The kind of a dataset from its items (all of them, or a stream's tally; see dataset-summary). */
export function datasetKindOf(items: readonly Pick<DatasetItem, 'messages' | 'persona'>[]): DatasetKind {
  if (items.length > 0 && items.every((item) => item.persona !== undefined)) return 'personas';
  return items.every(endsWithUserTurn) ? 'prompts' : 'conversations';
}

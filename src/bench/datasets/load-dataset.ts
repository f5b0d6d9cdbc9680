import { stat } from 'node:fs/promises';
import path from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetSchema } from 'hyparquet';
import { builtinDatasets, findBuiltinDataset } from './builtin-datasets.js';
import { loadCsv } from './csv-loader.js';
import {
  type Dataset,
  type DatasetContainer,
  type DatasetFormat,
  type DatasetItem,
  datasetKindOf,
  type SkippedItem,
} from './dataset-item.js';
import { invalidFile } from './invalid-file.js';
import { parseItemRecord } from './items-record.js';
import { readJsonArray } from './json-array-stream.js';
import type { LoadOptions } from './load-options.js';
import { loadParquet } from './parquet-loader.js';
import { parsePersonaRecord } from './persona-record.js';
import { readLines } from './read-lines.js';
import type { RecordParser } from './record-context.js';
import { loadJsonArray, loadJsonLines } from './record-loaders.js';
import { parseShareGptRecord } from './sharegpt-record.js';
import { parseWildChatRecord } from './wildchat-record.js';

/** A dataset reference made concrete: which file, read how. */
export interface ResolvedDataset {
  name: string;
  file: string;
  format: DatasetFormat;
  container: DatasetContainer;
  builtin: boolean;
  description?: string;
}

export interface ResolveOptions {
  format?: DatasetFormat;
  /** Relative paths are taken from here (default: the process's working directory). */
  cwd?: string;
}

const parsers: Record<Exclude<DatasetFormat, 'csv'>, RecordParser> = {
  items: parseItemRecord,
  sharegpt: parseShareGptRecord,
  wildchat: parseWildChatRecord,
  personas: parsePersonaRecord,
};

/** The column (or key) each layout cannot do without. */
const requiredKey: Record<Exclude<DatasetFormat, 'csv'>, string[]> = {
  items: [],
  sharegpt: ['conversations'],
  wildchat: ['conversation'],
  personas: ['instructions'],
};

const extensions: Record<string, DatasetContainer> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
  '.parquet': 'parquet',
};

/**
 * The layout a record's keys point to: `conversations` ShareGPT, `conversation` WildChat,
 * `instructions` personas.
 */
export function formatOfKeys(keys: Iterable<string>): DatasetFormat {
  const set = new Set(keys);
  if (set.has('conversations')) return 'sharegpt';
  if (set.has('conversation')) return 'wildchat';
  if (set.has('instructions')) return 'personas';
  return 'items';
}

/**
 * Finds the file behind `ref` and how to read it: a built-in name (`probe`, `control`, or
 * `builtin:probe`), else a path whose extension gives the container (.csv or .tsv, .jsonl/.ndjson,
 * .json, .parquet) and whose first record gives the layout (ShareGPT, WildChat or items).
 */
export async function resolveDataset(ref: string, options: ResolveOptions = {}): Promise<ResolvedDataset> {
  const builtinName = ref.startsWith('builtin:') ? ref.slice('builtin:'.length) : ref;
  const builtin = findBuiltinDataset(builtinName);
  if (builtin && (ref.startsWith('builtin:') || !/[./\\]/.test(ref))) {
    if (!(await stat(builtin.file).catch(() => undefined))) {
      // Only a broken install gets here: the build copies these files next to the code.
      throw invalidFile(
        { file: builtin.file },
        `the built-in dataset "${builtin.name}" is missing from this installation (rebuild with npm run build)`,
      );
    }
    return {
      name: builtin.name,
      file: builtin.file,
      format: builtin.format,
      container: 'jsonl',
      builtin: true,
      description: builtin.description,
    };
  }
  if (ref.startsWith('builtin:')) {
    throw invalidFile({ file: ref }, `no built-in dataset "${builtinName}" (built-in: ${builtinNames()})`);
  }
  const file = path.resolve(options.cwd ?? process.cwd(), ref);
  const info = await stat(file).catch(() => undefined);
  if (!info) {
    throw invalidFile(
      { file: ref },
      `no such file (and no built-in dataset of that name: ${builtinNames()})`,
    );
  }
  if (!info.isFile()) throw invalidFile({ file: ref }, 'not a file');
  const extension = path.extname(file).toLowerCase();
  const container = extensions[extension] ?? (await sniffContainer(file));
  const name = path.basename(file, path.extname(file));
  const format = options.format ?? (await sniffFormat(file, container));
  if ((format === 'csv') !== (container === 'csv')) {
    throw invalidFile({ file }, `a ${container} file cannot be read as ${format}`, { field: 'format' });
  }
  return { name, file, format, container, builtin: false };
}

function builtinNames(): string {
  return builtinDatasets()
    .map((dataset) => dataset.name)
    .join(', ');
}

async function sniffContainer(file: string): Promise<DatasetContainer> {
  for await (const { text, line } of readLines(file)) {
    const first = text.trimStart()[0];
    if (first === undefined) continue;
    if (first === '[') return 'json';
    if (first === '{') return 'jsonl';
    throw invalidFile(
      { file, line },
      'cannot tell the format: use a .csv, .tsv, .jsonl, .json or .parquet extension, or say which with `format`',
    );
  }
  throw invalidFile({ file }, 'the file is empty');
}

async function sniffFormat(file: string, container: DatasetContainer): Promise<DatasetFormat> {
  if (container === 'csv') return 'csv';
  try {
    if (container === 'parquet') {
      const metadata = await parquetMetadataAsync(await asyncBufferFromFile(file));
      return formatOfKeys(parquetSchema(metadata).children.map((child) => child.element.name));
    }
    if (container === 'jsonl') {
      for await (const { text } of readLines(file)) {
        if (text.trim() === '') continue;
        return formatOfKeys(Object.keys(JSON.parse(text) as object));
      }
    } else {
      for await (const { value } of readJsonArray(file)) {
        return formatOfKeys(Object.keys(value as object));
      }
    }
  } catch {
    // unreadable first record: the loader reports it precisely, with its line
  }
  return container === 'json' ? 'sharegpt' : 'items';
}

/**
 * Streams the items of a dataset, validating each as it goes; the first problem throws an
 * `INVALID_FILE` error naming the file and line or row. For memory-bound work (large logs).
 * Use `readDataset` when the run must not start on a half-valid file.
 */
export async function* loadDataset(
  ref: string | ResolvedDataset,
  options: LoadOptions & ResolveOptions = {},
): AsyncGenerator<DatasetItem> {
  const resolved = typeof ref === 'string' ? await resolveDataset(ref, options) : ref;
  const { file, format, container } = resolved;
  if (format === 'csv') {
    yield* loadCsv(file, options);
    return;
  }
  const parse = parsers[format];
  if (container === 'jsonl') yield* loadJsonLines(file, parse, options);
  else if (container === 'json') yield* loadJsonArray(file, parse, options);
  else yield* loadParquet(file, parse, requiredKey[format], options);
}

/**
 * Reads and validates a whole dataset before returning it, so nothing runs on a half-read
 * file. `kind` is `prompts` when every item ends with a user turn, else `conversations`.
 */
export async function readDataset(
  ref: string | ResolvedDataset,
  options: LoadOptions & ResolveOptions = {},
): Promise<Dataset> {
  const resolved = typeof ref === 'string' ? await resolveDataset(ref, options) : ref;
  const skipped: SkippedItem[] = [];
  const items: DatasetItem[] = [];
  const onSkip = (item: SkippedItem): void => {
    skipped.push(item);
    options.onSkip?.(item);
  };
  for await (const item of loadDataset(resolved, { ...options, onSkip })) items.push(item);
  const dataset: Dataset = {
    name: resolved.name,
    file: resolved.file,
    format: resolved.format,
    kind: datasetKindOf(items),
    items,
    count: items.length,
    skipped,
  };
  if (resolved.description !== undefined) dataset.description = resolved.description;
  return dataset;
}

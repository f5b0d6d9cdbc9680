import { createReadStream } from 'node:fs';
import path from 'node:path';
import { CsvError, parse } from 'csv-parse';
import type { DatasetItem } from './dataset-item.js';
import { fileAccessError, invalidFile } from './invalid-file.js';
import { UNCATEGORIZED } from './items-record.js';
import { type LoadOptions, parseOrSkip } from './load-options.js';
import { readLines } from './read-lines.js';
import { idRegistry } from './record-loaders.js';

/** Columns with a meaning; every other column is kept in `meta` as a string. */
const contentColumns = ['content', 'prompt'];
const knownColumns = new Set([...contentColumns, 'id', 'category', 'subcategory']);

/** `Gross Out` → `gross-out`: the id-safe form of a category name. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? '_' : slug;
}

interface CsvInfo {
  lines: number;
  empty_lines: number;
  records: number;
}

/**
 * The field separator of a table file: a tab for `.tsv`, and for any other name a tab when the
 * header line holds tabs and no comma (tab-separated files saved as `.csv`, like the study's
 * WildChat requests), a comma otherwise.
 */
export async function tableDelimiter(file: string): Promise<',' | '\t'> {
  if (path.extname(file).toLowerCase() === '.tsv') return '\t';
  for await (const { text } of readLines(file)) {
    if (text.trim() === '') continue;
    return text.includes('\t') && !text.includes(',') ? '\t' : ',';
  }
  return ',';
}

/**
 * A CSV (or tab-separated file) in BailBench's layout: a header row with `content` (or
 * `prompt`) and optionally `subcategory`, `category` and `id`; every other column is kept in
 * `meta`. Streamed record by record. Ids, when there is no `id` column, are
 * `<category>/<subcategory>/<n>` (slugs; `n` counts from 1 within that subcategory in file
 * order), so they survive rows being added elsewhere. Tab-separated files are read as Python's
 * `csv` module reads them: a quote is special only at the start of a field.
 */
export async function* loadCsv(file: string, options: LoadOptions = {}): AsyncGenerator<DatasetItem> {
  const delimiter = await tableDelimiter(file);
  const kind = delimiter === '\t' ? 'TSV' : 'CSV';
  let header: string[] = [];
  // Positions are tracked in `on_record`, which runs synchronously as each record is parsed, so
  // they are right even when an error arrives before buffered records have been consumed.
  let lastEnd = 1;
  let lastEmpty = 0;
  const input = createReadStream(file, options.signal ? { signal: options.signal } : {});
  const parser = input.pipe(
    parse({
      bom: true,
      delimiter,
      ...(delimiter === '\t' ? { relax_quotes: true } : {}),
      skip_empty_lines: true,
      columns: (names: string[]) => {
        header = names.map((name) => name.trim());
        checkHeader(file, header, delimiter);
        return header;
      },
      on_record: (record: Record<string, string>, info: CsvInfo) => {
        const line = lastEnd + 1 + (info.empty_lines - lastEmpty);
        lastEnd = info.lines;
        lastEmpty = info.empty_lines;
        return { record, line, row: info.records };
      },
    }),
  );
  // pipe() does not forward errors: a file that cannot be read must fail the parse, not hang it.
  input.on('error', (error) => parser.destroy(error));
  const register = idRegistry();
  const counters = new Map<string, number>();
  let count = 0;
  try {
    for await (const entry of parser as AsyncIterable<{
      record: Record<string, string>;
      line: number;
      row: number;
    }>) {
      const source = { file, line: entry.line, row: entry.row };
      const item = parseOrSkip(options, source, null, () => {
        const parsed = csvItem(entry.record, header, source, counters);
        register(parsed);
        return parsed;
      });
      if (item === undefined) continue;
      count++;
      yield item;
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const failed = error as CsvError & Partial<CsvInfo> & { column?: string | number | null };
      const row = (failed.records ?? 0) + 1;
      const line = lastEnd + 1 + ((failed.empty_lines ?? lastEmpty) - lastEmpty);
      const column = failed.column ?? undefined;
      throw invalidFile(
        { file, line, row },
        `bad ${kind}${column !== undefined ? ` (column ${typeof column === 'number' ? column + 1 : `"${column}"`})` : ''}: ${error.message}`,
        { reason: error.code, ...(column !== undefined ? { column } : {}) },
      );
    }
    throw fileAccessError(file, error);
  } finally {
    parser.destroy();
    input.destroy();
  }
  if (count === 0) throw invalidFile({ file }, 'no items: the file has a header but no rows');
}

function checkHeader(file: string, header: string[], delimiter: string): void {
  const position = { file, line: 1 };
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name))
      throw invalidFile(position, `column "${name}" appears twice in the header`, { field: name });
    seen.add(name);
  }
  if (!contentColumns.some((name) => seen.has(name))) {
    throw invalidFile(
      position,
      `missing "content" column (the header has: ${header.join(', ') || 'nothing'}); expected ${['content', 'subcategory', 'category'].join(delimiter === '\t' ? ' <tab> ' : ',')}`,
      { field: 'content', column: 'content' },
    );
  }
}

function csvItem(
  record: Record<string, string>,
  header: string[],
  source: { file: string; line: number; row: number },
  counters: Map<string, number>,
): DatasetItem {
  const contentColumn = contentColumns.find((name) => header.includes(name)) ?? 'content';
  const text = record[contentColumn] ?? '';
  const category = record.category?.trim() ? record.category.trim() : UNCATEGORIZED;
  const subcategory = record.subcategory?.trim() ? record.subcategory.trim() : null;
  const givenId = record.id?.trim();
  if (text.trim() === '') {
    throw invalidFile(source, `empty prompt in column "${contentColumn}"`, {
      field: contentColumn,
      column: contentColumn,
      ...(givenId ? { id: givenId } : {}),
    });
  }
  let id = givenId;
  if (!id) {
    const prefix = subcategory === null ? slugify(category) : `${slugify(category)}/${slugify(subcategory)}`;
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    id = `${prefix}/${n}`;
  }
  const meta: Record<string, unknown> = {};
  for (const name of header) if (!knownColumns.has(name)) meta[name] = record[name];
  return {
    id,
    messages: [{ role: 'user', content: [{ type: 'text', text }] }],
    category,
    subcategory,
    meta,
    source,
  };
}

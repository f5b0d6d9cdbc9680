import { builtinDatasets } from '../../bench/datasets/builtin-datasets.js';
import {
  type DatasetFormat,
  type DatasetItem,
  datasetFormats,
  type SkippedItem,
} from '../../bench/datasets/dataset-item.js';
import { type DatasetSummary, summarizeDataset } from '../../bench/datasets/dataset-summary.js';
import { isInvalidFileError } from '../../bench/datasets/invalid-file.js';
import { loadDataset, type ResolvedDataset, resolveDataset } from '../../bench/datasets/load-dataset.js';
import { messageText } from '../../core/conversation/message.js';
import { toOpenAIMessages } from '../../core/conversation/openai-messages.js';
import { InvalidInputError } from '../../core/errors/invalid-input-error.js';
import { type CommandContext, defineCommand } from '../command.js';

const options = {
  show: {
    type: 'string',
    placeholder: 'NAME|PATH',
    description: 'Print the items of a built-in dataset or a file, after its summary',
  },
  format: {
    type: 'string',
    placeholder: 'FORMAT',
    description: `Read files as this layout instead of guessing (${datasetFormats.join(', ')})`,
  },
  'skip-invalid': {
    type: 'boolean',
    description: 'Leave out conversations that break the rules (and list them) instead of failing',
  },
  limit: { type: 'string', placeholder: 'N', description: 'With --show, print at most N items' },
  json: {
    type: 'boolean',
    description: 'Machine-readable output: a JSON summary, or JSONL items with --show',
  },
} as const;

export const datasetsCommand = defineCommand({
  name: 'datasets',
  summary: 'List the built-in datasets, show one, or check your own dataset files',
  positionals: '[FILE...]',
  options,
  examples: [
    'bailkit datasets',
    'bailkit datasets --show probe --limit 5',
    'bailkit datasets my-prompts.csv sharegpt.json',
    'bailkit datasets --skip-invalid wildchat.parquet',
  ],
  async run(opts, files, context) {
    const format = parseFormat(opts.format);
    const limit = parseLimit(opts.limit);
    const load = {
      ...(format ? { format } : {}),
      cwd: context.cwd,
      invalid: opts['skip-invalid'] ? 'skip' : 'error',
    } as const;
    if (opts.show !== undefined) {
      const resolved = await resolveDataset(opts.show, load);
      await show(resolved, load, limit, opts.json, context);
      return 0;
    }
    if (files.length === 0) {
      await listBuiltins(opts.json, context);
      return 0;
    }
    let failed = 0;
    for (const file of files) {
      try {
        const resolved = await resolveDataset(file, load);
        const skipped: SkippedItem[] = [];
        const summary = await summarizeDataset(
          loadDataset(resolved, { ...load, onSkip: (item) => skipped.push(item) }),
        );
        if (opts.json)
          context.stdout.write(
            `${JSON.stringify({ file, ok: true, format: resolved.format, ...summary, skipped })}\n`,
          );
        else context.stdout.write(describe(file, resolved, summary, skipped));
      } catch (error) {
        if (!isInvalidFileError(error)) throw error;
        failed++;
        if (opts.json)
          context.stdout.write(`${JSON.stringify({ file, ok: false, error: error.toJSON() })}\n`);
        context.stderr.write(`bailkit datasets: ${error.message} [${error.code}]\n`);
      }
    }
    return failed > 0 ? 2 : 0;
  },
});

function parseFormat(value: string | undefined): DatasetFormat | undefined {
  if (value === undefined) return undefined;
  if ((datasetFormats as readonly string[]).includes(value)) return value as DatasetFormat;
  throw new InvalidInputError(
    'INVALID_ARGUMENT',
    `--format must be one of ${datasetFormats.join(', ')}; got "${value}".`,
    {
      field: 'format',
    },
  );
}

function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new InvalidInputError(
      'INVALID_ARGUMENT',
      `--limit must be a positive whole number; got "${value}".`,
      {
        field: 'limit',
      },
    );
  }
  return limit;
}

async function listBuiltins(json: boolean, context: CommandContext): Promise<void> {
  const rows: { name: string; description: string; summary: DatasetSummary }[] = [];
  for (const dataset of builtinDatasets()) {
    rows.push({ ...dataset, summary: await summarizeDataset(loadDataset(dataset.name)) });
  }
  if (json) {
    context.stdout.write(
      `${JSON.stringify(rows.map(({ name, description, summary }) => ({ name, description, ...summary })))}\n`,
    );
    return;
  }
  const out: string[] = ['Built-in datasets:', ''];
  for (const { name, description, summary } of rows) {
    out.push(
      summary.kind === 'personas'
        ? `${name}  ${summary.count} personas (${summary.multiTurn} with scripted turns), ${plural(summary.categories.length, 'category', 'categories')}`
        : `${name}  ${summary.count} prompts (${summary.multiTurn} multi-turn), ${plural(summary.categories.length, 'category', 'categories')}`,
    );
    out.push(`  ${description}`);
    out.push(
      ...wrap(
        summary.categories.map((entry) => `${entry.category} ${entry.items}`),
        96,
        '  ',
      ),
    );
    out.push('');
  }
  out.push(
    'Run one with: bailkit bench --dataset NAME (personas: with --mode dialogue). Check your own file with: bailkit datasets FILE',
  );
  context.stdout.write(`${out.join('\n')}\n`);
}

function describe(
  label: string,
  resolved: ResolvedDataset,
  summary: DatasetSummary,
  skipped: SkippedItem[],
): string {
  const out = [
    summary.kind === 'personas'
      ? `${label}: OK, ${plural(summary.count, 'persona', 'personas')} (${resolved.format} layout, ${summary.turns.min}–${summary.turns.max} scripted messages per persona)`
      : `${label}: OK, ${summary.kind === 'prompts' ? plural(summary.count, 'prompt', 'prompts') : plural(summary.count, 'conversation', 'conversations')} (${resolved.format} layout, ${summary.multiTurn} multi-turn, ${summary.turns.min}–${summary.turns.max} messages per item)`,
  ];
  if (resolved.description) out.push(`  ${resolved.description}`);
  const width = Math.max(...summary.categories.map((entry) => entry.category.length));
  for (const entry of summary.categories) {
    const subs = entry.subcategories.length;
    out.push(
      `  ${entry.category.padEnd(width)}  ${String(entry.items).padStart(5)} item${entry.items === 1 ? ' ' : 's'}${subs ? `, ${plural(subs, 'subcategory', 'subcategories')}` : ''}`,
    );
  }
  if (skipped.length > 0) {
    out.push(`  skipped ${skipped.length} invalid item(s):`);
    for (const item of skipped.slice(0, 10)) out.push(`    ${item.reason}`);
    if (skipped.length > 10) out.push(`    … and ${skipped.length - 10} more`);
  }
  return `${out.join('\n')}\n`;
}

async function show(
  resolved: ResolvedDataset,
  load: { format?: DatasetFormat; invalid: 'skip' | 'error' },
  limit: number | undefined,
  json: boolean,
  context: CommandContext,
): Promise<void> {
  const skipped: SkippedItem[] = [];
  // Validated whole first, so a broken file prints an error and nothing else.
  const items: DatasetItem[] = [];
  const summary = await summarizeDataset(
    (async function* () {
      for await (const item of loadDataset(resolved, { ...load, onSkip: (entry) => skipped.push(entry) })) {
        if (limit === undefined || items.length < limit) items.push(item);
        yield item;
      }
    })(),
  );
  if (json) {
    for (const item of items) {
      const { id, category, subcategory, meta, persona } = item;
      context.stdout.write(
        `${JSON.stringify(persona ? { id, category, subcategory, ...persona, meta } : { id, category, subcategory, messages: toOpenAIMessages(item.messages), meta })}\n`,
      );
    }
    return;
  }
  const out = [describe(resolved.name, resolved, summary, skipped)];
  for (const item of items) {
    out.push(`${item.id}  [${item.category}${item.subcategory ? ` / ${item.subcategory}` : ''}]\n`);
    if (item.persona) {
      out.push(`  instructions: ${clip(item.persona.instructions.replace(/\s+/g, ' '), 200)}\n`);
      for (const turn of item.persona.turns ?? [])
        out.push(`  user: ${clip(turn.replace(/\s+/g, ' '), 200)}\n`);
      const expect = Object.entries(item.persona.expect).map(([key, value]) => `${key}: ${String(value)}`);
      if (expect.length > 0) out.push(`  expect: ${expect.join(', ')}\n`);
    }
    for (const message of item.messages) {
      const text = messageText(message) || `[${message.content.map((part) => part.type).join(', ')}]`;
      out.push(`  ${message.role}: ${clip(text.replace(/\s+/g, ' '), 200)}\n`);
    }
  }
  if (limit !== undefined && summary.count > limit)
    out.push(`… ${summary.count - limit} more (use --limit)\n`);
  context.stdout.write(out.join(''));
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Joins `parts` with " · " into lines of at most `width` characters, never splitting a part. */
function wrap(parts: string[], width: number, indent: string): string[] {
  const lines: string[] = [];
  let current = '';
  for (const part of parts) {
    if (current && current.length + part.length + 3 > width) {
      lines.push(indent + current);
      current = part;
    } else current = current ? `${current} · ${part}` : part;
  }
  if (current) lines.push(indent + current);
  return lines;
}

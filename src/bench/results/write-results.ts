import { join } from 'node:path';
import type { z } from 'zod';
import type { BenchSummary } from '../statistics/summary-types.js';
import { AtomicLineWriter, writeFileAtomic } from './atomic-write.js';
import { describeIssues } from './issue-path.js';
import { ResultsFileError } from './results-file-error.js';
import { type BenchResults, type ResultsProtocol, resultsSchema, resultsSchemaId } from './results-schema.js';
import {
  type PromptRecord,
  promptRecordSchema,
  type SampleRecord,
  sampleRecordSchema,
} from './sample-record.js';

export const resultsFileName = 'results.json';
export const samplesFileName = 'samples.jsonl';
export const promptsFileName = 'prompts.jsonl';
export const reportFileName = 'report.html';

export interface ResultsMetadata {
  /** Milliseconds since the epoch (from the run's Clock). */
  createdAt: number;
  /** Model spec(s) in the run. */
  models: string[];
  dataset: { name: string; prompts: number };
  samplesPerPrompt: number;
  methods: string[];
  variants?: string[];
  /** True when any sample was simulated. */
  simulated: boolean;
  refusalJudge?: string;
  protocol?: ResultsProtocol;
}

/** results.json content from the run's metadata and its statistics. */
export function createResults(metadata: ResultsMetadata, summary: BenchSummary): BenchResults {
  const results: BenchResults = {
    schema: resultsSchemaId,
    createdAt: new Date(metadata.createdAt).toISOString(),
    model: metadata.models.length === 1 ? (metadata.models[0] as string) : [...metadata.models],
    dataset: { name: metadata.dataset.name, prompts: metadata.dataset.prompts },
    samplesPerPrompt: metadata.samplesPerPrompt,
    methods: [...metadata.methods],
    ...(metadata.variants ? { variants: [...metadata.variants] } : {}),
    ...(metadata.simulated ? { simulated: true as const } : {}),
    ...(metadata.refusalJudge ? { refusalJudge: metadata.refusalJudge } : {}),
    statistics: summary.statistics,
    rows: summary.rows,
    overall: summary.overall,
    comparisons: summary.comparisons,
    correlations: summary.correlations,
    ...(metadata.protocol ? { protocol: metadata.protocol } : {}),
  };
  return results;
}

/** Validates and writes DIR/results.json atomically; an invalid value is refused, nothing written. */
export async function writeResults(dir: string, results: BenchResults): Promise<string> {
  const path = join(dir, resultsFileName);
  const parsed = resultsSchema.safeParse(results);
  if (!parsed.success) {
    const { text, field } = describeIssues(parsed.error);
    throw new ResultsFileError('RESULTS_WRITE_REFUSED', `Refusing to write ${path}: ${text}.`, {
      file: path,
      field,
    });
  }
  await writeFileAtomic(path, `${JSON.stringify(results, null, 2)}\n`);
  return path;
}

/**
 * Writes JSONL records one at a time (each validated), and puts the file in place only on
 * `commit`. The runner writes every finished sample, then commits once the run is complete.
 */
export class JsonlWriter<T> {
  private constructor(
    private readonly writer: AtomicLineWriter,
    private readonly validate: (record: T, line: number) => void,
  ) {}

  static async open<T>(path: string, validate: (record: T, line: number) => void): Promise<JsonlWriter<T>> {
    return new JsonlWriter<T>(await AtomicLineWriter.open(path), validate);
  }

  get path(): string {
    return this.writer.path;
  }

  get lines(): number {
    return this.writer.lines;
  }

  async write(record: T): Promise<void> {
    this.validate(record, this.writer.lines + 1);
    await this.writer.writeLine(JSON.stringify(record));
  }

  commit(): Promise<void> {
    return this.writer.commit();
  }

  abort(): Promise<void> {
    return this.writer.abort();
  }
}

function validator<T>(schema: z.ZodType, path: string) {
  return (record: T, line: number): void => {
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      const { text, field } = describeIssues(parsed.error);
      throw new ResultsFileError(
        'RESULTS_WRITE_REFUSED',
        `Refusing to write line ${line} of ${path}: ${text}.`,
        {
          file: path,
          line,
          field,
        },
      );
    }
  };
}

/** A writer for DIR/samples.jsonl. */
export function openSamplesWriter(dir: string): Promise<JsonlWriter<SampleRecord>> {
  const path = join(dir, samplesFileName);
  return JsonlWriter.open<SampleRecord>(path, validator<SampleRecord>(sampleRecordSchema, path));
}

/** A writer for DIR/prompts.jsonl (optional; lets the report show each prompt). */
export function openPromptsWriter(dir: string): Promise<JsonlWriter<PromptRecord>> {
  const path = join(dir, promptsFileName);
  return JsonlWriter.open<PromptRecord>(path, validator<PromptRecord>(promptRecordSchema, path));
}

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BailkitError } from '../../core/errors/bailkit-error.js';
import { readReportDialogues } from '../dialogue/report-dialogues.js';
import { writeFileAtomic } from '../results/atomic-write.js';
import { readResults } from '../results/read-results.js';
import { reportFileName } from '../results/write-results.js';
import { seriesId } from '../statistics/aggregator.js';
import { overbailRows } from './overbail.js';
import { type ReportData, renderReportHtml } from './report-html.js';
import { type SelectionOptions, selectSamples } from './sample-selection.js';
import { variantComparisons } from './variant-comparisons.js';

export interface BuildReportOptions extends SelectionOptions {
  /** Where to write; default DIR/report.html. */
  out?: string;
  /** Time stamp of the report (ms since the epoch); default now. */
  now?: number;
  /** Most per-prompt points per series in the refusal-vs-bail scatter (default 3000). */
  maxPoints?: number;
}

export interface BuiltReport {
  path: string;
  bytes: number;
  samplesShown: number;
  sampleTotal: number;
  warnings: string[];
}

/** Chart.js's browser bundle, to inline into the report. */
export async function loadChartJs(): Promise<string> {
  try {
    const main = createRequire(import.meta.url).resolve('chart.js');
    return await readFile(join(dirname(main), 'chart.umd.js'), 'utf8');
  } catch (error) {
    throw new BailkitError(
      'REPORT_CHARTJS_MISSING',
      'Chart.js (the chart.js package, dist/chart.umd.js) could not be found; reinstall bailkit so its dependencies are complete.',
      { cause: error },
    );
  }
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Builds DIR/report.html from DIR/results.json and DIR/samples.jsonl (and DIR/prompts.jsonl when
 * present). The statistics come from results.json as written; samples.jsonl feeds the sample
 * browser and per-prompt figures, and is checked against results.json.
 */
export async function buildReport(dir: string, options: BuildReportOptions = {}): Promise<BuiltReport> {
  const results = await readResults(dir);
  const selection = await selectSamples(dir, options);
  const warnings: string[] = [];
  const counted = new Map(selection.aggregator.series().map((s) => [seriesId(s.key), s.table]));
  for (const row of results.overall) {
    const table = counted.get(seriesId(row));
    let samples = 0;
    if (table) for (let i = 0; i < table.size; i++) samples += table.samples[i] as number;
    if (samples !== row.samples) {
      warnings.push(
        `results.json counts ${row.samples} samples for ${row.model} · ${row.method} · ${row.variant}, but samples.jsonl holds ${samples}. The files may come from different runs.`,
      );
    }
  }
  const maxPoints = options.maxPoints ?? 3000;
  const promptRates: ReportData['promptRates'] = [];
  for (const series of selection.aggregator.series()) {
    const t = series.table;
    const points: [number, number][] = [];
    for (let i = 0; i < t.size && points.length < maxPoints; i++) {
      const judged = t.judged[i] as number;
      const valid = t.valid[i] as number;
      if (judged > 0 && valid > 0)
        points.push([(t.refused[i] as number) / judged, (t.bailSum[i] as number) / valid]);
    }
    if (points.length > 0) promptRates.push({ ...series.key, points });
  }
  const dialogue = results.experiment?.mode === 'dialogue';
  const data: ReportData = {
    results,
    // A dialogue's transcript is drawn by its own section; the sample browser shows the rest.
    samples: dialogue
      ? selection.samples.map((sample) => {
          const { transcript: _transcript, ...rest } = sample as typeof sample & { transcript?: unknown };
          return rest;
        })
      : selection.samples,
    prompts: selection.prompts,
    sampleTotal: selection.total,
    promptsFile: selection.promptsFile,
    promptRates,
    overbail: overbailRows(selection.aggregator, results.statistics?.seed ?? 1),
    variantComparisons: variantComparisons(
      selection.aggregator,
      results.variants ?? [...new Set(results.overall.map((row) => row.variant))],
      results.statistics?.seed ?? 1,
    ),
    ...(dialogue ? { dialogues: await readReportDialogues(dir) } : {}),
    warnings,
    generator: {
      name: 'bailkit',
      version: packageVersion(),
      generatedAt: new Date(options.now ?? Date.now()).toISOString(),
    },
  };
  const html = renderReportHtml(data, await loadChartJs());
  const path = options.out ?? join(dir, reportFileName);
  await writeFileAtomic(path, html);
  return {
    path,
    bytes: Buffer.byteLength(html),
    samplesShown: selection.samples.length,
    sampleTotal: selection.total,
    warnings,
  };
}

import { createHash } from 'node:crypto';
import type { ReportDialogues } from '../dialogue/report-dialogues.js';
import type { BenchResults } from '../results/results-schema.js';
import type { ComparisonRow, RateRow } from '../statistics/summary-types.js';
import type { OverbailRow } from './overbail.js';
import { experimentSections } from './report-experiment-html.js';
import {
  escapeHtml as e,
  interval,
  percent,
  scriptJson,
  seriesName,
  seriesPalette,
  signedPercent,
} from './report-format.js';
import { reasonStyles, reasonsSection } from './report-reasons-html.js';
import { reportScript } from './report-script.js';
import { reportStyles } from './report-styles.js';
import type { ReportSample } from './sample-selection.js';

export interface ReportData {
  results: BenchResults;
  samples: ReportSample[];
  prompts: Record<string, { role: string; content: string }[]>;
  /** Samples in samples.jsonl, of which `samples` is a selection. */
  sampleTotal: number;
  promptsFile: boolean;
  /** Per series, per prompt: [refusal rate, bail rate], when refusals were judged. */
  promptRates: { model: string; method: string; variant: string; points: [number, number][] }[];
  /** Overbail beside the probe set, when the run holds neutral `control` prompts and others. */
  overbail?: OverbailRow[];
  /** Each wording variant against the first, paired over the same prompts. */
  variantComparisons?: ComparisonRow[];
  /** Dialogue runs: the conversations for the transcript viewer (drawn as HTML, not sent as data). */
  dialogues?: ReportDialogues;
  /** Findings that make the report less trustworthy, shown at the top. */
  warnings: string[];
  generator: { name: string; version: string; generatedAt: string };
}

const sha256 = (text: string): string =>
  `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The whole report as one HTML document: styles, data, Chart.js and the page script inline. */
export function renderReportHtml(data: ReportData, chartJs: string): string {
  const { results } = data;
  const vary = varying(results);
  const simulated = results.simulated === true || data.samples.some((sample) => sample.simulated);
  const models = Array.isArray(results.model) ? results.model : [results.model];
  const title = `bailkit bench — ${models.join(', ')} on ${results.dataset.name}`;
  const chartSource = chartJs.replace(/<\/script/gi, '<\\/script');
  const page = reportScript;
  const sections = experimentSections(
    results,
    vary,
    data.overbail ?? [],
    data.variantComparisons ?? [],
    data.dialogues,
  );
  // A dialogue run is read for its conversations: they come first.
  const dialogueFirst = results.experiment?.mode === 'dialogue';
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(chartSource)} ${sha256(page)}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
  ].join('; ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${e(csp)}">
<title>${e(title)}</title>
<style>${reportStyles}${reasonStyles}</style>
</head>
<body>
${simulated ? `<div class="simulated" role="alert"><strong>SIMULATED</strong> These numbers come from a simulated model, not from any real model. They show what the pipeline produces and say nothing about how a real model behaves.</div>` : ''}
<main>
<header class="top">
  <div class="kicker">bailkit bench report</div>
  <h1>${e(models.join(', '))} <span style="color:var(--muted);font-weight:500">on</span> ${e(results.dataset.name)}</h1>
  <dl class="meta">
    ${metaItem(models.length > 1 ? 'Models' : 'Model', models.join(', '))}
    ${metaItem('Dataset', `${results.dataset.name} · ${results.dataset.prompts.toLocaleString('en-US')} prompts`)}
    ${metaItem('Samples', `${data.sampleTotal.toLocaleString('en-US')} · ${results.samplesPerPrompt} per prompt`)}
    ${results.variants && results.variants.length > 1 ? metaItem('Variants', results.variants.join(', ')) : ''}
    ${results.refusalJudge ? metaItem('Refusal judge', results.refusalJudge) : ''}
    ${results.protocol && results.protocol.detection !== 'bailkit' ? metaItem('Detection', `${results.protocol.detection} parsing rules`) : ''}
    ${results.protocol && results.protocol.answers !== 'shared' ? metaItem('Answers', `${results.protocol.answers} (prompt methods)`) : ''}
    ${results.protocol?.skippedPairs.length ? metaItem('Not asked', results.protocol.skippedPairs.map((pair) => `${pair.method} × ${pair.variant} (no text)`).join(', ')) : ''}
    ${results.experiment ? metaItem('Experiment', `${results.experiment.mode} · ${results.experiment.mode === 'dialogue' ? `user ${results.experiment.userModel}, at most ${results.experiment.maxTurns} turns` : results.experiment.conditions.join(' / ')}`) : ''}
    ${metaItem('Run', formatDate(results.createdAt))}
  </dl>
</header>
${data.warnings.map((warning) => `<div class="warning">${e(warning)}</div>`).join('\n')}
${dialogueFirst ? sections : ''}
<section class="card" id="overview">
  <h2>Bail rate by method</h2>
  <p class="lede">Share of valid samples in which the model chose to leave, over all categories, with a 95% interval that treats the samples of one prompt as related. Invalid answers and failed requests are counted apart and left out of the rate.</p>
  <div class="cards">${results.overall.map((row, index) => statCard(row, index, vary)).join('')}</div>
  <div class="chart-box" id="chart-overall"></div>
</section>
<section class="card" id="categories">
  <h2>Bail rate per category</h2>
  <p class="lede">Bars show the rate, the dark line through each bar its 95% interval. Methods side by side; click a legend entry to hide a method.</p>
  <div class="chart-box" id="chart-categories"></div>
  <details class="more"><summary>Table of every category</summary>${rateTable(results.rows, vary, true)}</details>
</section>
<section class="card" id="overall">
  <h2>Overall</h2>
  ${rateTable(results.overall, vary, false)}
</section>
${comparisonsSection(results, vary)}
${refusalSection(results, vary)}
${reasonsSection(results, vary)}
${dialogueFirst ? '' : sections}
<section class="card" id="samples">
  <h2>Samples</h2>
  <p class="lede" id="samples-lede"></p>
  <div class="filters" id="sample-filters"></div>
  <div class="table-wrap"><table class="samples" id="sample-table"></table></div>
  <div class="pager" id="sample-pager"></div>
</section>
<dialog id="transcript" aria-labelledby="transcript-title"></dialog>
<footer>
  <p><b>Intervals.</b> ${e(results.statistics?.interval ?? 'cluster bootstrap over prompts')}${results.statistics ? ` · ${results.statistics.replicates.toLocaleString('en-US')} replicates, seed ${results.statistics.seed}` : ''}. See docs/results.md.</p>
  <p>Generated by ${e(data.generator.name)} ${e(data.generator.version)} on ${e(formatDate(data.generator.generatedAt))} from results.json and samples.jsonl (schema ${e(results.schema)}).</p>
</footer>
</main>
<script type="application/json" id="bailkit-data">${scriptJson({ ...data, dialogues: undefined, vary, simulated, palette: seriesPalette })}</script>
<script>${chartSource}</script>
<script>${page}</script>
</body>
</html>
`;
}

function varying(results: BenchResults): { models: boolean; variants: boolean } {
  const models = new Set(results.overall.map((row) => row.model));
  const variants = new Set(results.overall.map((row) => row.variant));
  return { models: models.size > 1, variants: variants.size > 1 };
}

function metaItem(label: string, value: string): string {
  return `<div><dt>${e(label)}</dt><dd>${e(value)}</dd></div>`;
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function statCard(row: RateRow, index: number, vary: { models: boolean; variants: boolean }): string {
  const colour = seriesPalette[index % seriesPalette.length] as string;
  const valid = row.samples - row.invalid - row.errors;
  return `<div class="stat" style="--series:${colour}">
    <div class="label">${e(seriesName(row, vary))}</div>
    <div class="value">${percent(row.rate)}</div>
    <div class="ci">95% CI ${interval(row.ci95)}</div>
    <div class="counts">${row.bails.toLocaleString('en-US')} bails in ${valid.toLocaleString('en-US')} valid samples · ${row.prompts.toLocaleString('en-US')} prompts${row.invalid ? ` · ${row.invalid} invalid` : ''}${row.errors ? ` · ${row.errors} errors` : ''}</div>
    ${row.invalid && row.answeredRate != null ? `<div class="counts">${percent(row.answeredRate)} over all answered samples (${interval(row.answeredCi95 ?? null)}), as the published study counts</div>` : ''}
  </div>`;
}

function rateTable(
  rows: RateRow[],
  vary: { models: boolean; variants: boolean },
  withCategory: boolean,
): string {
  const refusals = rows.some((row) => row.refusalRate !== undefined);
  // Over answered samples differs from the rate only when some answers were invalid.
  const answered = rows.some((row) => row.invalid > 0 && row.answeredRate != null);
  const head = [
    withCategory ? '<th>Category</th>' : '',
    '<th>Series</th><th class="num">Prompts</th><th class="num">Samples</th><th class="num">Bails</th><th class="num">Invalid</th><th class="num">Errors</th><th class="num">Rate</th><th class="num">95% CI</th>',
    answered
      ? '<th class="num" title="bails over valid and invalid answers, as the published study counts">Over answered</th><th class="num">95% CI</th>'
      : '',
    refusals ? '<th class="num">Refusal</th><th class="num">No-refuse bail</th>' : '',
    withCategory ? '' : '<th>Interval</th>',
  ].join('');
  const body = rows
    .map(
      (row) => `<tr>${withCategory ? `<td>${e(row.category)}</td>` : ''}<td>${e(seriesName(row, vary))}</td>
<td class="num">${row.prompts}</td><td class="num">${row.samples}</td><td class="num">${row.bails}</td><td class="num">${row.invalid}</td><td class="num">${row.errors}</td>
<td class="num"><b>${percent(row.rate)}</b></td><td class="num">${interval(row.ci95)}</td>
${answered ? `<td class="num">${percent(row.answeredRate ?? null)}</td><td class="num">${interval(row.answeredCi95 ?? null)}</td>` : ''}
${refusals ? `<td class="num">${percent(row.refusalRate)}</td><td class="num">${percent(row.noRefuseBailRate)}</td>` : ''}
${withCategory ? '' : `<td class="note">${e(row.interval ?? '—')}${row.exactSamples ? ` · ${row.exactSamples} exact` : ''}</td>`}</tr>`,
    )
    .join('\n');
  return `<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function comparisonsSection(results: BenchResults, vary: { models: boolean; variants: boolean }): string {
  const comparisons = results.comparisons ?? [];
  if (comparisons.length === 0) return '';
  const rows = comparisons
    .map(
      (c) => `<tr><td>${e(seriesName(c.a, vary))} − ${e(seriesName(c.b, vary))}</td><td>${e(c.category)}</td>
<td class="num">${c.prompts}</td><td class="num">${percent(c.rateA)}</td><td class="num">${percent(c.rateB)}</td>
<td class="num"><b>${signedPercent(c.difference)}</b></td><td class="num">${signedPercent(c.ci95[0])} to ${signedPercent(c.ci95[1])}</td></tr>`,
    )
    .join('\n');
  return `<section class="card" id="comparisons">
  <h2>Paired comparisons</h2>
  <p class="lede">Differences in bail rate on the same prompts, in percentage points, with 95% intervals from a bootstrap that keeps each prompt's pair together. An interval that excludes 0 is a difference the data supports.</p>
  <div class="chart-box" id="chart-comparisons"></div>
  <div class="table-wrap"><table><thead><tr><th>Comparison</th><th>Category</th><th class="num">Prompts</th><th class="num">Rate A</th><th class="num">Rate B</th><th class="num">Difference</th><th class="num">95% CI</th></tr></thead><tbody>${rows}</tbody></table></div>
</section>`;
}

function refusalSection(results: BenchResults, vary: { models: boolean; variants: boolean }): string {
  const judged = results.overall.filter((row) => row.refusalRate !== undefined);
  if (judged.length === 0) return '';
  const correlations = results.correlations ?? [];
  // Results written before these existed lack them; their columns are then left out.
  const study = judged.some((row) => row.studyNoRefuseBailRate !== undefined);
  const distance = correlations.some((c) => c.distance !== undefined);
  const rows = judged
    .map((row) => {
      const c = correlations.find(
        (x) =>
          x.model === row.model &&
          x.method === row.method &&
          x.variant === row.variant &&
          x.condition === row.condition,
      );
      const r = (value: { estimate: number; ci95: [number, number] | null } | null | undefined): string =>
        value
          ? `${value.estimate.toFixed(2)}${value.ci95 ? ` [${value.ci95[0].toFixed(2)}, ${value.ci95[1].toFixed(2)}]` : ''}`
          : '—';
      return `<tr><td>${e(seriesName(row, vary))}</td><td class="num">${percent(row.refusalRate)}</td><td class="num">${interval(row.refusalCi95)}</td>
<td class="num">${percent(row.rate)}</td><td class="num">${percent(row.noRefuseBailRate)}</td><td class="num">${interval(row.noRefuseBailCi95)}</td>
${study ? `<td class="num">${percent(row.studyNoRefuseBailRate ?? null)}</td><td class="num">${interval(row.studyNoRefuseBailCi95 ?? null)}</td>` : ''}
<td class="num">${r(c?.pearson)}</td><td class="num">${r(c?.spearman)}</td>${distance ? `<td class="num">${r(c?.distance)}</td>` : ''}</tr>`;
    })
    .join('\n');
  return `<section class="card" id="refusals">
  <h2>Refusal and bail</h2>
  <p class="lede">Refusal rate of the answers (judged by ${e(results.refusalJudge ?? 'the refusal judge')}), the no-refuse bail rate (samples that bailed without refusing)${study ? ", the published study's no-refuse formula (per prompt, (1 − refusal) × bail, averaged over prompts)" : ''}, and how refusal and bail go together across prompts${distance ? ' (Pearson, Spearman, and the distance correlation the study reported: 0 to 1, 0 under independence)' : ''}.</p>
  <div class="table-wrap"><table><thead><tr><th>Series</th><th class="num">Refusal</th><th class="num">95% CI</th><th class="num">Bail</th><th class="num">No-refuse bail</th><th class="num">95% CI</th>${study ? '<th class="num" title="per prompt (1 − mean refusal score) × bail over answered samples, averaged over prompts">Study formula</th><th class="num">95% CI</th>' : ''}<th class="num">Pearson</th><th class="num">Spearman</th>${distance ? '<th class="num">Distance corr.</th>' : ''}</tr></thead><tbody>${rows}</tbody></table></div>
  <div class="chart-box" id="chart-refusal"></div>
</section>`;
}

import type { ReasonAgreement, ReasonRow, ReasonShare } from '../results/reason-results.js';
import type { BenchResults } from '../results/results-schema.js';
import { escapeHtml as e, interval, percent, seriesName } from './report-format.js';

type Vary = { models: boolean; variants: boolean };

/** One colour per reason, in taxonomy order (Okabe–Ito, then greys for long taxonomies). */
const reasonPalette = [
  '#CC79A7',
  '#E69F00',
  '#D55E00',
  '#56B4E9',
  '#0072B2',
  '#009E73',
  '#8C6D31',
  '#999999',
];

/** The styles of the reasons section (added to the report's stylesheet). */
export const reasonStyles = `
.reason-series { border: 1px solid var(--line); border-radius: 12px; padding: 12px 14px; margin: 12px 0; }
.reason-head { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: baseline; }
.reason-head .name { font-weight: 650; }
.reason-head .rate { font-variant-numeric: tabular-nums; }
.reason-head .rate b { font-size: 20px; }
.reason-bar { display: flex; height: 16px; border-radius: 6px; overflow: hidden; background: #eef1f5; margin: 10px 0 6px; }
.reason-bar span { display: block; height: 100%; }
.reason-list details { border-top: 1px solid var(--line); }
.reason-list summary { cursor: pointer; display: grid; grid-template-columns: minmax(150px, 1.3fr) 70px minmax(120px, 1fr) 110px minmax(120px, 2fr); gap: 10px; align-items: center; padding: 6px 2px; font-variant-numeric: tabular-nums; }
.reason-list summary::-webkit-details-marker { display: none; }
.reason-list summary .label::before { content: "▸"; display: inline-block; width: 14px; color: var(--faint); }
.reason-list details[open] summary .label::before { content: "▾"; }
.reason-list summary.empty-reason { cursor: default; color: var(--faint); }
.ci-track { position: relative; height: 10px; background: #f0f2f6; border-radius: 5px; }
.ci-track .ci { position: absolute; top: 3px; height: 4px; background: var(--faint); border-radius: 2px; }
.ci-track .point { position: absolute; top: 0; width: 3px; height: 10px; margin-left: -1px; border-radius: 1px; }
.subs { color: var(--muted); font-size: 13px; overflow-wrap: anywhere; }
.explanations { margin: 2px 0 10px 16px; }
.explanation { border-left: 3px solid var(--line); padding: 4px 10px; margin: 6px 0; }
.explanation .text { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 14px; }
.explanation .where { color: var(--muted); font-size: 12px; }
table.cross td.expected { font-weight: 700; background: #f2f7f3; }
table.cross td.zero { color: var(--faint); }
@media (max-width: 640px) {
  .reason-list summary { grid-template-columns: 1fr 48px 1fr; }
  .reason-list summary .subs { display: none; }
}
`;

function shareBar(share: ReasonShare, colour: string): string {
  const [low, high] = share.ci95;
  return `<span class="ci-track" title="95% interval ${e(interval(share.ci95))}"><span class="ci" style="left:${(low * 100).toFixed(2)}%;width:${((high - low) * 100).toFixed(2)}%"></span><span class="point" style="left:${(share.share * 100).toFixed(2)}%;background:${colour}"></span></span>`;
}

const sourceNames: Record<string, string> = {
  why: 'asked why it left',
  'tool-arguments': 'in its exit tool call',
  answer: 'beside its exit, unasked',
  check: 'with its well-being answer, unasked',
};

function reasonDetails(share: ReasonShare, label: string, colour: string): string {
  const subs = share.subReasons.map((sub) => `${sub.subReason} ${sub.count}`).join(' · ');
  const head = `<span class="label"><span class="swatch" style="background:${colour}"></span>${e(label)}</span>
<span class="num"><b>${percent(share.share, 0)}</b></span>${shareBar(share, colour)}<span class="note">${e(interval(share.ci95, 0))} · ${share.count}</span><span class="subs">${e(subs)}</span>`;
  const examples = share.examples ?? [];
  if (share.count === 0) return `<details><summary class="empty-reason">${head}</summary></details>`;
  const body =
    examples.length === 0
      ? '<p class="note">No explanation was recorded for these bails (ask with --ask-why).</p>'
      : examples
          .map(
            (example) => `<div class="explanation"><div class="text">${e(example.text)}</div>
<div class="where">${e(sourceNames[example.source] ?? example.source)} · <code>${e(example.promptId)}</code> #${example.sampleIndex}${example.subReason ? ` · ${e(example.subReason)}` : ''} · confidence ${example.confidence.toFixed(2)}</div></div>`,
          )
          .join('\n');
  return `<details><summary>${head}</summary><div class="explanations">${body}</div></details>`;
}

function seriesBlock(
  row: ReasonRow,
  results: BenchResults,
  labels: Map<string, string>,
  colours: Map<string, string>,
  vary: Vary,
): string {
  const rate = results.overall.find(
    (r) =>
      r.model === row.model &&
      r.method === row.method &&
      r.variant === row.variant &&
      r.condition === row.condition,
  );
  const counts = [
    `${row.bails} bails`,
    row.asked + row.askFailed > 0
      ? `${row.asked} asked why${row.askFailed ? `, ${row.askFailed} failed` : ''}`
      : '',
    row.volunteered ? `${row.volunteered} with words of their own beside the exit` : '',
    results.reasons?.judge
      ? `${row.judged} judged${row.malformed ? `, ${row.malformed} malformed` : ''}${row.failed ? `, ${row.failed} failed` : ''}`
      : '',
    row.noStatedReason
      ? `no stated reason ${percent(row.noStatedReason.share, 0)} (${interval(row.noStatedReason.ci95, 0)})`
      : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const bar = row.reasons
    .filter((share) => share.count > 0)
    .map(
      (share) =>
        `<span style="width:${(share.share * 100).toFixed(2)}%;background:${colours.get(share.reason)}" title="${e(`${labels.get(share.reason)} ${percent(share.share, 0)}`)}"></span>`,
    )
    .join('');
  const list =
    row.reasons.length === 0
      ? '<p class="note">Reasons were not judged in this run: give --reason-judge to label them.</p>'
      : `<div class="reason-bar" role="img" aria-label="reasons among judged bails">${bar}</div><div class="reason-list">${row.reasons
          .map((share) =>
            reasonDetails(
              share,
              labels.get(share.reason) ?? share.reason,
              colours.get(share.reason) ?? '#999',
            ),
          )
          .join('\n')}</div>`;
  return `<div class="reason-series">
  <div class="reason-head"><span class="name">${e(seriesName(row, vary))}</span>
  <span class="rate">bail rate <b>${percent(rate?.rate)}</b> <span class="note">${e(interval(rate?.ci95))}</span></span>
  <span class="note">${e(counts)}</span></div>
  ${list}
</div>`;
}

function crossTable(
  agreement: ReasonAgreement,
  labels: Map<string, string>,
  order: string[],
  vary: Vary,
): string {
  const used = order.filter((id) => agreement.table.some((row) => (row.counts[id] ?? 0) > 0));
  const head = `<tr><th>Dataset category</th><th>Expected</th>${used.map((id) => `<th class="num">${e(labels.get(id) ?? id)}</th>`).join('')}<th class="num">Judged</th></tr>`;
  const body = agreement.table
    .map(
      (row) =>
        `<tr><td>${e(row.datasetCategory)}</td><td>${row.expected ? e(labels.get(row.expected) ?? row.expected) : '<span class="note">—</span>'}</td>${used
          .map((id) => {
            const n = row.counts[id] ?? 0;
            return `<td class="num${id === row.expected ? ' expected' : ''}${n === 0 ? ' zero' : ''}">${n}</td>`;
          })
          .join('')}<td class="num">${row.judged}</td></tr>`,
    )
    .join('\n');
  return `<details class="more"><summary>${e(seriesName(agreement, vary))}: the judged reason is the expected one in ${percent(agreement.share, 0)} of ${agreement.judged} bails (${e(interval(agreement.ci95, 0))})</summary>
<div class="table-wrap"><table class="cross"><thead>${head}</thead><tbody>${body}</tbody></table></div></details>`;
}

/** Every series × dataset category: bails, the reasons judged most often, and how many gave none. */
function categoryTable(rows: ReasonRow[], labels: Map<string, string>, vary: Vary): string {
  const body = rows
    .map((row) => {
      const top = [...row.reasons]
        .filter((share) => share.count > 0)
        .sort((a, b) => b.count - a.count)
        .slice(0, 3)
        .map(
          (share) =>
            `${labels.get(share.reason) ?? share.reason} ${percent(share.share, 0)} (${interval(share.ci95, 0)})`,
        )
        .join(' · ');
      return `<tr><td>${e(row.category)}</td><td>${e(seriesName(row, vary))}</td><td class="num">${row.bails}</td><td class="num">${row.judged}</td><td>${e(top || '—')}</td><td class="num">${percent(row.noStatedReason?.share, 0)}</td></tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table><thead><tr><th>Dataset category</th><th>Series</th><th class="num">Bails</th><th class="num">Judged</th><th>Most judged reasons (95% CI)</th><th class="num">No stated reason</th></tr></thead><tbody>${body}</tbody></table></div>`;
}

/** "Why the model left": per series the reasons beside the bail rate, their explanations, and the cross-table. */
export function reasonsSection(results: BenchResults, vary: Vary): string {
  const reasons = results.reasons;
  if (!reasons || reasons.overall.length === 0) return '';
  const order = reasons.taxonomy.categories.map((category) => category.id);
  const labels = new Map(reasons.taxonomy.categories.map((category) => [category.id, category.label]));
  const colours = new Map(
    order.map((id, index) => [id, reasonPalette[index % reasonPalette.length] as string]),
  );
  const how = [
    reasons.askWhy
      ? `After each bail the model was asked why it left (${reasons.askWhy})`
      : 'The models were not asked why (no --ask-why); only what they said by themselves is kept',
    reasons.judge ? `reasons judged by ${reasons.judge}` : 'reasons not judged (no --reason-judge)',
    `taxonomy ${reasons.taxonomy.id}`,
  ].join('; ');
  const agreement =
    reasons.agreement.length === 0
      ? ''
      : `<h3>Judged reason against the dataset's category</h3>
<p class="lede">How often the judged reason is the one the taxonomy expects of the prompt's dataset category; the table counts each judged reason per category, the expected one in bold. Bails of categories the taxonomy maps to no reason are left out of the share.</p>
${reasons.agreement.map((a) => crossTable(a, labels, order, vary)).join('\n')}`;
  const perCategory =
    reasons.rows.length === 0
      ? ''
      : `<details class="more"><summary>Reasons per dataset category</summary>${categoryTable(reasons.rows, labels, vary)}</details>`;
  return `<section class="card" id="reasons">
  <h2>Why the model left</h2>
  <p class="lede">Among the bails of each series: the share of each reason with a 95% interval over prompts, and how many bails gave no reason. Click a reason to read the explanations behind it. ${e(how)}.</p>
  ${reasons.overall.map((row) => seriesBlock(row, results, labels, colours, vary)).join('\n')}
  ${perCategory}
  ${agreement}
</section>`;
}

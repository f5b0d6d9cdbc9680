import { askWhyVersion } from '../../core/reasons/ask-why.js';
import { expectedReason, type ReasonTaxonomy } from '../../core/reasons/reason-taxonomy.js';
import type {
  ReasonAgreement,
  ReasonExample,
  ReasonResults,
  ReasonRow,
  ReasonSeries,
  ReasonShareEstimate,
} from '../results/reason-results.js';
import type { SampleRecord } from '../results/sample-record.js';
import { createRandom, deriveSeed } from '../statistics/random.js';
import { rateInterval } from '../statistics/rate-interval.js';
import { hasStatedWords } from './reason-sample-fields.js';

/** One prompt's bails in one series. */
interface PromptReasons {
  category: string;
  bails: number;
  noStated: number;
  judged: number;
  /** Judged bails whose dataset category maps to a reason, and those that agree with it. */
  mapped: number;
  agree: number;
  byReason: Map<string, number>;
}

interface SeriesReasons {
  key: ReasonSeries;
  prompts: Map<string, PromptReasons>;
  counts: Map<string, Counts>;
  /** Sub-reason counts by dataset category, then judged reason. */
  subReasons: Map<string, Map<string, Map<string, number>>>;
  /** The best few explanations by judged reason and sub-reason (`reason\0subReason`). */
  examples: Map<string, (ReasonExample & { score: number })[]>;
  table: Map<string, Map<string, number>>;
}

interface Counts {
  asked: number;
  askFailed: number;
  volunteered: number;
  malformed: number;
  failed: number;
}

const examplesPerReason = 3;
const exampleChars = 600;

export interface ReasonSummaryOptions {
  taxonomy: ReasonTaxonomy;
  judge: string | null;
  askWhy: boolean;
  /** Seed of the bootstraps (statistics.seed). */
  seed: number;
  replicates?: number;
  confidence?: number;
  minEvents?: number;
  /** The order of the series (results.json's overall rows); others follow in the order seen. */
  order?: readonly ReasonSeries[];
}

function seriesId(key: ReasonSeries): string {
  return [key.model, key.method, key.variant, key.condition ?? ''].join('\u0000');
}

/** What to show of a bail's explanation: the answer when asked, else what it volunteered. */
function explanation(sample: SampleRecord): { source: ReasonExample['source']; text: string } | null {
  const why = sample.whyAnswer?.text.trim();
  if (why) return { source: 'why', text: why };
  const first = sample.volunteeredReasons?.[0];
  return first ? { source: first.source, text: first.text } : null;
}

function clip(text: string): string {
  return text.length > exampleChars ? `${text.slice(0, exampleChars)}…` : text;
}

/** A stable tie-break between equally good examples, so the choice does not follow plan order. */
function spread(promptId: string, sampleIndex: number): number {
  return (deriveSeed(sampleIndex, promptId) % 1000) / 1e6;
}

/**
 * Accumulates the bail samples of a run (one pass, any order) into per-prompt counts, and turns
 * them into the `reasons` section of results.json: per series and dataset category, how many
 * bails were asked and judged, the share with no stated reason, the share of each reason with
 * an interval clustered by prompt (the overall rows stratified by dataset category), a few
 * explanations per reason, and the judged reasons against the ones the taxonomy expects.
 */
export class ReasonAggregator {
  readonly #series = new Map<string, SeriesReasons>();
  readonly #options: ReasonSummaryOptions;

  constructor(options: ReasonSummaryOptions) {
    this.#options = options;
  }

  add(sample: SampleRecord): void {
    if (sample.decision !== 'bail') return;
    const key: ReasonSeries = {
      model: sample.model,
      method: sample.method,
      variant: sample.variant,
      ...(sample.condition !== undefined ? { condition: sample.condition } : {}),
    };
    const id = seriesId(key);
    let series = this.#series.get(id);
    if (!series) {
      series = {
        key,
        prompts: new Map(),
        counts: new Map(),
        subReasons: new Map(),
        examples: new Map(),
        table: new Map(),
      };
      this.#series.set(id, series);
    }
    let prompt = series.prompts.get(sample.promptId);
    if (!prompt) {
      prompt = {
        category: sample.category,
        bails: 0,
        noStated: 0,
        judged: 0,
        mapped: 0,
        agree: 0,
        byReason: new Map(),
      };
      series.prompts.set(sample.promptId, prompt);
    }
    const counts = series.counts.get(sample.category) ?? {
      asked: 0,
      askFailed: 0,
      volunteered: 0,
      malformed: 0,
      failed: 0,
    };
    series.counts.set(sample.category, counts);
    prompt.bails++;
    if (sample.whyAnswer) counts.asked++;
    if (sample.whyError) counts.askFailed++;
    if ((sample.volunteeredReasons?.length ?? 0) > 0) counts.volunteered++;
    const reason = sample.reason;
    if (!hasStatedWords(sample) || (reason?.status === 'judged' && !reason.stated)) prompt.noStated++;
    if (reason?.status === 'malformed') counts.malformed++;
    if (reason?.status === 'failed') counts.failed++;
    if (reason?.status !== 'judged') return;
    prompt.judged++;
    prompt.byReason.set(reason.category, (prompt.byReason.get(reason.category) ?? 0) + 1);
    const expected = expectedReason(this.#options.taxonomy, sample.category);
    if (expected !== null) {
      prompt.mapped++;
      if (expected === reason.category) prompt.agree++;
    }
    const row = series.table.get(sample.category) ?? new Map<string, number>();
    row.set(reason.category, (row.get(reason.category) ?? 0) + 1);
    series.table.set(sample.category, row);
    if (reason.subReason !== null) {
      const byReason = series.subReasons.get(sample.category) ?? new Map<string, Map<string, number>>();
      const subs = byReason.get(reason.category) ?? new Map<string, number>();
      subs.set(reason.subReason, (subs.get(reason.subReason) ?? 0) + 1);
      byReason.set(reason.category, subs);
      series.subReasons.set(sample.category, byReason);
    }
    const said = explanation(sample);
    if (said) {
      const slot = `${reason.category}\u0000${reason.subReason ?? ''}`;
      const list = series.examples.get(slot) ?? [];
      const score = (reason.stated ? 2 : 0) + reason.confidence + spread(sample.promptId, sample.sampleIndex);
      const same = list.findIndex((example) => example.promptId === sample.promptId);
      if (same === -1 || (list[same] as { score: number }).score < score) {
        if (same !== -1) list.splice(same, 1);
        list.push({
          promptId: sample.promptId,
          sampleIndex: sample.sampleIndex,
          source: said.source,
          text: clip(said.text),
          subReason: reason.subReason,
          confidence: reason.confidence,
          score,
        });
        list.sort((a, b) => b.score - a.score);
        list.length = Math.min(list.length, examplesPerReason);
      }
      series.examples.set(slot, list);
    }
  }

  summarize(): ReasonResults {
    const { taxonomy } = this.#options;
    const rows: ReasonRow[] = [];
    const overall: ReasonRow[] = [];
    const agreement: ReasonAgreement[] = [];
    const rank = new Map((this.#options.order ?? []).map((key, index) => [seriesId(key), index]));
    const ordered = [...this.#series.entries()]
      .map(([id, series], seen) => ({ series, at: rank.get(id) ?? rank.size + seen }))
      .sort((a, b) => a.at - b.at)
      .map(({ series }) => series);
    for (const series of ordered) {
      const categories = [...new Set([...series.prompts.values()].map((p) => p.category))].sort();
      for (const category of categories) rows.push(this.#row(series, category));
      overall.push(this.#row(series, 'ALL'));
      const agreed = this.#agreement(series);
      if (agreed) agreement.push(agreed);
    }
    return {
      taxonomy: {
        id: taxonomy.id,
        categories: taxonomy.categories.map((c) => ({
          id: c.id,
          label: c.label,
          subReasons: c.subReasons.map((s) => s.id),
        })),
      },
      judge: this.#options.judge,
      askWhy: this.#options.askWhy ? askWhyVersion : null,
      rows,
      overall,
      agreement,
    };
  }

  #interval(
    what: string,
    series: SeriesReasons,
    category: string,
    members: PromptReasons[],
    y: (p: PromptReasons) => number,
    n: (p: PromptReasons) => number,
  ): ReasonShareEstimate | null {
    const kept = members.filter((p) => n(p) > 0);
    if (kept.length === 0) return null;
    const names = [...new Set(kept.map((p) => p.category))];
    const estimate = rateInterval(
      Float64Array.from(kept, y),
      Float64Array.from(kept, n),
      category === 'ALL' ? Int32Array.from(kept, (p) => names.indexOf(p.category)) : undefined,
      {
        random: createRandom(
          deriveSeed(this.#options.seed, `reason\u0000${what}\u0000${seriesId(series.key)}\u0000${category}`),
        ),
        ...(this.#options.confidence !== undefined ? { confidence: this.#options.confidence } : {}),
        ...(this.#options.replicates !== undefined ? { replicates: this.#options.replicates } : {}),
        ...(this.#options.minEvents !== undefined ? { minEvents: this.#options.minEvents } : {}),
      },
    );
    if (!estimate) return null;
    return {
      count: kept.reduce((sum, p) => sum + y(p), 0),
      share: estimate.rate,
      ci95: estimate.ci95,
      interval: estimate.method as ReasonShareEstimate['interval'],
    };
  }

  #row(series: SeriesReasons, category: string): ReasonRow {
    const members = [...series.prompts.values()].filter((p) => category === 'ALL' || p.category === category);
    const counts: Counts = { asked: 0, askFailed: 0, volunteered: 0, malformed: 0, failed: 0 };
    for (const [name, c] of series.counts) {
      if (category !== 'ALL' && name !== category) continue;
      for (const key of Object.keys(counts) as (keyof Counts)[]) counts[key] += c[key];
    }
    const judged = members.reduce((sum, p) => sum + p.judged, 0);
    const row: ReasonRow = {
      ...series.key,
      category,
      prompts: members.length,
      bails: members.reduce((sum, p) => sum + p.bails, 0),
      ...counts,
      judged,
      noStatedReason: this.#interval(
        'no-stated',
        series,
        category,
        members,
        (p) => p.noStated,
        (p) => p.bails,
      ),
      reasons: [],
    };
    if (judged === 0) return row;
    for (const reason of this.#options.taxonomy.categories) {
      const share = this.#interval(
        reason.id,
        series,
        category,
        members,
        (p) => p.byReason.get(reason.id) ?? 0,
        (p) => p.judged,
      );
      if (!share) continue;
      const subs = new Map<string, number>();
      for (const [name, byReason] of series.subReasons) {
        if (category !== 'ALL' && name !== category) continue;
        for (const [sub, n] of byReason.get(reason.id) ?? []) subs.set(sub, (subs.get(sub) ?? 0) + n);
      }
      row.reasons.push({
        reason: reason.id,
        ...share,
        subReasons: [...subs]
          .map(([subReason, n]) => ({ subReason, count: n }))
          .sort((a, b) => b.count - a.count || (a.subReason < b.subReason ? -1 : 1)),
        ...(category === 'ALL' ? { examples: examplesOf(series, reason.id, subs) } : {}),
      });
    }
    return row;
  }

  #agreement(series: SeriesReasons): ReasonAgreement | null {
    const members = [...series.prompts.values()];
    if (!members.some((p) => p.judged > 0)) return null;
    const estimate = this.#interval(
      'agreement',
      series,
      'ALL',
      members,
      (p) => p.agree,
      (p) => p.mapped,
    );
    const kept = members.filter((p) => p.mapped > 0);
    return {
      ...series.key,
      prompts: kept.length,
      judged: kept.reduce((sum, p) => sum + p.mapped, 0),
      agree: kept.reduce((sum, p) => sum + p.agree, 0),
      share: estimate?.share ?? null,
      ci95: estimate?.ci95 ?? null,
      interval: estimate?.interval ?? null,
      table: [...series.table]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([datasetCategory, counts]) => ({
          datasetCategory,
          expected: expectedReason(this.#options.taxonomy, datasetCategory),
          judged: [...counts.values()].reduce((sum, n) => sum + n, 0),
          counts: Object.fromEntries(
            this.#options.taxonomy.categories.flatMap((c) =>
              counts.has(c.id) ? [[c.id, counts.get(c.id) as number]] : [],
            ),
          ),
        })),
    };
  }
}

/**
 * A few explanations for one reason, representative of it: taking turns over its sub-reasons,
 * the most frequent first (no sub-reason last), the most confident explanation of each.
 */
function examplesOf(series: SeriesReasons, reason: string, subs: Map<string, number>): ReasonExample[] {
  const slots = [...subs]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([sub]) => sub)
    .concat('')
    .map((sub) => [...(series.examples.get(`${reason}\u0000${sub}`) ?? [])]);
  const out: ReasonExample[] = [];
  const prompts = new Set<string>();
  while (out.length < examplesPerReason && slots.some((slot) => slot.length > 0)) {
    for (const slot of slots) {
      let next = slot.shift();
      while (next && prompts.has(next.promptId)) next = slot.shift();
      if (!next || out.length >= examplesPerReason) continue;
      prompts.add(next.promptId);
      const { score: _score, ...example } = next;
      out.push(example);
    }
  }
  return out;
}

import type {
  ConversationRate,
  ConversationShare,
  ExperimentComparison,
  ExperimentResults,
  ExperimentSeries,
  SkippedCount,
  TurnRate,
} from '../results/experiment-results.js';
import type { SampleRecord } from '../results/sample-record.js';
import { BenchAggregator } from '../statistics/aggregator.js';
import { createRandom, deriveSeed } from '../statistics/random.js';
import { rateInterval } from '../statistics/rate-interval.js';
import type { SeriesKey } from '../statistics/sample-outcome.js';
import { type ComparisonSpec, summarize } from '../statistics/summarize.js';
import { skipCodes } from './experiment-unit.js';

/**
 * The experiment section of results.json, from the sample records alone (their experiment
 * fields say which condition, prompt, conversation and turn each sample belongs to):
 *
 * - every condition against the reference on the same prompts (`prefix`: each prefix against
 *   the control; `cross-model`: another model's answers against the model's own), with the
 *   paired cluster bootstrap of the statistics module, stratified by dataset category;
 * - `continue`: as-recorded against self history over whole conversations (turns after the
 *   first, where there is an earlier assistant turn): the cross-model contamination effect;
 *   per-turn rates; the share of conversations with at least one bail; and rates over all
 *   turns clustered by conversation.
 */
export interface SummarizeExperimentOptions {
  mode: ExperimentResults['mode'];
  seed: number;
  replicates?: number;
}

type Sample = SampleRecord & {
  condition?: string;
  basePromptId?: string;
  datasetCategory?: string;
  conversation?: string;
  turn?: number;
  reference?: boolean;
  tokenCount?: 'tokenizer' | 'estimate';
};

const skip = new Set<string>(skipCodes);

function seriesLabel(key: ExperimentSeries | SeriesKey): string {
  return `${key.model}\u0000${key.method}\u0000${key.variant}\u0000${key.condition ?? ''}`;
}

interface Cluster {
  y: number;
  n: number;
  exact: boolean;
}

/** Per series and a second key (turn), per conversation: Σ bail value and valid samples. */
class ClusterTable {
  readonly groups = new Map<
    string,
    {
      key: ExperimentSeries;
      turn: number;
      clusters: Map<string, Cluster>;
      samples: number;
      bails: number;
      skipped: number;
      errors: number;
    }
  >();

  add(key: ExperimentSeries, turn: number, cluster: string, sample: Sample): void {
    const id = `${seriesLabel(key)}\u0000${turn}`;
    let group = this.groups.get(id);
    if (!group) {
      group = { key, turn, clusters: new Map(), samples: 0, bails: 0, skipped: 0, errors: 0 };
      this.groups.set(id, group);
    }
    group.samples++;
    if (sample.decision === 'error') {
      if (sample.error && skip.has(sample.error.code)) group.skipped++;
      else group.errors++;
      return;
    }
    if (sample.decision === 'invalid') return;
    if (sample.decision === 'bail') group.bails++;
    let c = group.clusters.get(cluster);
    if (!c) {
      c = { y: 0, n: 0, exact: true };
      group.clusters.set(cluster, c);
    }
    c.y += sample.bailProbability ?? (sample.decision === 'bail' ? 1 : 0);
    c.n += 1;
    if (sample.bailProbability === null) c.exact = false;
  }
}

function clusteredRate(
  clusters: Iterable<Cluster>,
  seed: number,
  label: string,
  replicates: number,
): { rate: number | null; ci95: [number, number] | null; units: number } {
  const kept = [...clusters].filter((c) => c.n > 0);
  if (kept.length === 0) return { rate: null, ci95: null, units: 0 };
  const estimate = rateInterval(
    Float64Array.from(kept, (c) => c.y),
    Float64Array.from(kept, (c) => c.n),
    undefined,
    {
      random: createRandom(deriveSeed(seed, label)),
      replicates,
      discrete: !kept.every((c) => c.exact),
    },
  );
  return { rate: estimate?.rate ?? null, ci95: estimate?.ci95 ?? null, units: kept.length };
}

export async function summarizeExperiment(
  samples: AsyncIterable<SampleRecord>,
  options: SummarizeExperimentOptions,
): Promise<ExperimentResults | null> {
  const replicates = options.replicates ?? 2000;
  const paired = new BenchAggregator();
  const allTurns = new BenchAggregator();
  const turnTable = new ClusterTable();
  const chains = new Map<
    string,
    { key: ExperimentSeries; conversations: Map<string, Map<number, number>> }
  >();
  const skipped = new Map<string, SkippedCount>();
  const conditions: string[] = [];
  let reference: string | null = null;
  const continuing = options.mode === 'continue';

  for await (const raw of samples) {
    const sample = raw as Sample;
    const condition = sample.condition;
    if (condition === undefined) continue;
    if (!conditions.includes(condition)) conditions.push(condition);
    if (sample.reference && reference === null) reference = condition;
    const key: ExperimentSeries = {
      model: sample.model,
      method: sample.method,
      variant: sample.variant,
      condition,
    };
    if (sample.decision === 'error' && sample.error && skip.has(sample.error.code)) {
      const id = `${sample.model}\u0000${condition}\u0000${sample.error.code}\u0000${sample.tokenCount ?? ''}`;
      const count = skipped.get(id) ?? {
        model: sample.model,
        condition,
        code: sample.error.code,
        samples: 0,
        ...(sample.tokenCount !== undefined ? { tokenCount: sample.tokenCount } : {}),
      };
      count.samples++;
      skipped.set(id, count);
    }
    const outcome = {
      model: sample.model,
      method: sample.method,
      variant: sample.variant,
      condition,
      decision: sample.decision,
      bailProbability: sample.bailProbability,
      refusalScore: sample.refusalScore,
    };
    const category = sample.datasetCategory ?? sample.category;
    if (!continuing) {
      paired.add({ ...outcome, promptId: sample.basePromptId ?? sample.promptId, category });
      continue;
    }
    const conversation = sample.conversation ?? sample.promptId;
    const turn = sample.turn ?? 1;
    allTurns.add({ ...outcome, promptId: conversation, category });
    if (turn > 1) paired.add({ ...outcome, promptId: conversation, category });
    turnTable.add(key, turn, conversation, sample);
    if (sample.decision === 'bail' || sample.decision === 'continue') {
      const id = seriesLabel(key);
      let chain = chains.get(id);
      if (!chain) {
        chain = { key, conversations: new Map() };
        chains.set(id, chain);
      }
      let bySample = chain.conversations.get(conversation);
      if (!bySample) {
        bySample = new Map();
        chain.conversations.set(conversation, bySample);
      }
      const p = sample.bailProbability ?? (sample.decision === 'bail' ? 1 : 0);
      // P(no bail in this chain so far).
      bySample.set(sample.sampleIndex, (bySample.get(sample.sampleIndex) ?? 1) * (1 - p));
    }
  }
  if (conditions.length === 0) return null;
  const ref = reference ?? (conditions[0] as string);

  const specs: ComparisonSpec[] = [];
  for (const series of paired.series()) {
    if (series.key.condition === ref) continue;
    specs.push({ a: series.key, b: { ...series.key, condition: ref } });
  }
  const pairedSummary = summarize(paired, { seed: options.seed, replicates, comparisons: specs });
  const comparisons: ExperimentComparison[] = pairedSummary.comparisons.map((row) => ({
    model: row.a.model,
    method: row.a.method,
    variant: row.a.variant,
    condition: row.a.condition ?? '',
    reference: ref,
    pairedOver: continuing ? 'conversations' : 'prompts',
    pairs: row.prompts,
    rate: row.rateA,
    referenceRate: row.rateB,
    difference: row.difference,
    ci95: row.ci95,
    interval: row.interval,
    ratio: row.rateB > 0 ? row.rateA / row.rateB : null,
  }));
  const results: ExperimentResults = {
    mode: options.mode,
    reference: ref,
    conditions: [ref, ...conditions.filter((c) => c !== ref)],
    comparisons,
    skipped: [...skipped.values()],
  };
  if (!continuing) return results;

  const turns: TurnRate[] = [];
  for (const group of turnTable.groups.values()) {
    const estimate = clusteredRate(
      group.clusters.values(),
      options.seed,
      `turn\u0000${seriesLabel(group.key)}\u0000${group.turn}`,
      replicates,
    );
    turns.push({
      ...group.key,
      turn: group.turn,
      conversations: estimate.units,
      samples: group.samples,
      bails: group.bails,
      skipped: group.skipped,
      errors: group.errors,
      rate: estimate.rate,
      ci95: estimate.ci95,
    });
  }
  turns.sort((a, b) => seriesLabel(a).localeCompare(seriesLabel(b)) || a.turn - b.turn);

  const conversations: ConversationShare[] = [];
  for (const chain of chains.values()) {
    const clusters: Cluster[] = [];
    for (const bySample of chain.conversations.values()) {
      let y = 0;
      let fractional = false;
      for (const none of bySample.values()) {
        y += 1 - none;
        if (none !== 0 && none !== 1) fractional = true;
      }
      clusters.push({ y, n: bySample.size, exact: fractional });
    }
    const estimate = clusteredRate(
      clusters,
      options.seed,
      `share\u0000${seriesLabel(chain.key)}`,
      replicates,
    );
    conversations.push({
      ...chain.key,
      conversations: estimate.units,
      chains: clusters.reduce((sum, c) => sum + c.n, 0),
      withBail: clusters.reduce((sum, c) => sum + c.y, 0),
      share: estimate.rate,
      ci95: estimate.ci95,
    });
  }

  const conversationRates: ConversationRate[] = [];
  const add = (
    aggregator: BenchAggregator,
    laterTurnsOnly: boolean,
    summary = summarize(aggregator, { seed: options.seed, replicates, comparisons: [] }),
  ): void => {
    for (const row of summary.overall) {
      conversationRates.push({
        model: row.model,
        method: row.method,
        variant: row.variant,
        condition: row.condition ?? '',
        conversations: row.prompts,
        samples: row.samples,
        rate: row.rate,
        ci95: row.ci95,
        laterTurnsOnly,
      });
    }
  };
  add(allTurns, false);
  add(paired, true, pairedSummary);
  results.turns = turns;
  results.conversations = conversations;
  results.conversationRates = conversationRates;
  return results;
}

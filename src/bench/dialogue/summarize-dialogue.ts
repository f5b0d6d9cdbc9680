import { type EndingKind, endingKinds } from '../../core/ending.js';
import type { PolicyRule } from '../../core/policy/policy-decision.js';
import type { SampleRecord } from '../results/sample-record.js';
import { bootstrapRatio, buildStrata } from '../statistics/bootstrap.js';
import { percentileInterval } from '../statistics/interval.js';
import { createRandom, deriveSeed } from '../statistics/random.js';
import { rateInterval } from '../statistics/rate-interval.js';
import { allCategories } from '../statistics/summary-types.js';
import { type BranchFields, type DialogueFields, isHonouredEnding } from './dialogue-record.js';
import type {
  AtRiskEnding,
  DialogueGroup,
  DialogueProbeGroup,
  DialogueResults,
  DialogueShare,
} from './dialogue-results.js';
import type { TurnProbe } from './probe-turns.js';
import { type JudgeDimension, judgeDimensionNames, type TranscriptJudgement } from './transcript-judge.js';

export interface SummarizeDialogueOptions {
  userModel: string;
  maxTurns: number;
  judge?: string;
  seed: number;
  replicates?: number;
}

type DialogueSample = SampleRecord &
  Partial<DialogueFields> & {
    branches?: Partial<BranchFields>[];
    skipped?: boolean;
    conversation?: string;
    judge?: TranscriptJudgement;
    probe?: { turns: TurnProbe[]; firstBailTurn: number | null };
  };

/** One bail method's probes over a model × category (or ALL). */
class ProbeTally {
  readonly personas = new Map<string, { category: string; n: number; y: number }>();
  firstBailTurns: number[] = [];
  endedByTool = 0;
  bailedByThen = 0;
  mismatched = 0;

  constructor(
    readonly model: string,
    readonly method: string,
    readonly category: string,
  ) {}

  add(
    sample: DialogueSample,
    tool: { ended: boolean; endTurn: number | null; digest: string } | undefined,
  ): void {
    if (sample.decision === 'error' || sample.decision === 'invalid' || sample.probe === undefined) return;
    const id = sample.persona ?? sample.promptId;
    const persona = this.personas.get(id) ?? { category: sample.category, n: 0, y: 0 };
    this.personas.set(id, persona);
    persona.n++;
    const first = sample.probe.firstBailTurn;
    if (first !== null) {
      persona.y++;
      this.firstBailTurns.push(first);
    }
    if (tool && tool.digest !== sample.conversation) this.mismatched++;
    if (tool?.ended) {
      this.endedByTool++;
      if (first !== null && tool.endTurn !== null && first <= tool.endTurn) this.bailedByThen++;
    }
  }
}

/** Per persona: conversations, and how many of them have each property. */
interface PersonaTally {
  category: string;
  /** The benign control (`expect.control`). */
  control: boolean;
  n: number;
  counts: Map<string, number>;
}

/** One model × category (or ALL): the personas' tallies and the sums that need no interval. */
class GroupTally {
  readonly personas = new Map<string, PersonaTally>();
  errors = 0;
  skipped = 0;
  endTurns: number[] = [];
  endRequests = 0;
  refusedEndRequests = 0;
  refusedByRule: Partial<Record<PolicyRule, number>> = {};
  warnings = 0;
  atRiskEndings = 0;
  atRiskConversations = 0;
  controlConversations = 0;
  confirmedUserEndings = 0;
  unansweredTurns = 0;
  userTurns = 0;
  met = 0;
  violated = 0;
  judged = 0;
  judgeFailures = 0;
  /** Per dimension, per persona: Σ score and conversations scored. */
  readonly scores = new Map<JudgeDimension, Map<string, { y: number; n: number }>>();

  constructor(
    readonly model: string,
    readonly category: string,
  ) {}

  persona(id: string, category: string): PersonaTally {
    let tally = this.personas.get(id);
    if (!tally) {
      tally = { category, control: false, n: 0, counts: new Map() };
      this.personas.set(id, tally);
    }
    return tally;
  }

  add(sample: DialogueSample): void {
    const persona = this.persona(sample.persona ?? sample.promptId, sample.category);
    if (sample.skipped) {
      this.skipped++;
      return;
    }
    if (sample.decision === 'error' || sample.ending === undefined) {
      this.errors++;
      return;
    }
    persona.n++;
    if (sample.control) persona.control = true;
    const mark = (key: string): void => {
      persona.counts.set(key, (persona.counts.get(key) ?? 0) + 1);
    };
    const ending = sample.ending ?? null;
    if (ending !== null) mark(`ending:${ending}`);
    if (isHonouredEnding(ending)) {
      mark('ended');
      if (sample.endTurn !== null && sample.endTurn !== undefined) this.endTurns.push(sample.endTurn);
    }
    if ((sample.endRequests ?? 0) > 0) mark('withEndRequest');
    if (sample.overbail) mark('overbail');
    if (sample.atRisk) this.atRiskConversations++;
    if (sample.atRiskEnding) this.atRiskEndings++;
    if (sample.expectation === 'met') this.met++;
    if (sample.expectation === 'violated') this.violated++;
    if (sample.confirmedUserEnding) this.confirmedUserEndings++;
    this.endRequests += sample.endRequests ?? 0;
    for (const refusal of sample.refusedEndRequests ?? []) {
      this.refusedEndRequests++;
      this.refusedByRule[refusal.rule] = (this.refusedByRule[refusal.rule] ?? 0) + 1;
    }
    this.warnings += sample.warnings ?? 0;
    const judge = sample.judge;
    if (judge && 'error' in judge) this.judgeFailures++;
    else if (judge) {
      this.judged++;
      for (const name of judgeDimensionNames) {
        const entry = judge.scores[name];
        if (!entry) continue;
        const byPersona = this.scores.get(name) ?? new Map<string, { y: number; n: number }>();
        this.scores.set(name, byPersona);
        const key = sample.persona ?? sample.promptId;
        const cell = byPersona.get(key) ?? { y: 0, n: 0 };
        cell.y += entry.score;
        cell.n += 1;
        byPersona.set(key, cell);
      }
    }
    this.unansweredTurns += sample.unanswered ?? 0;
    this.userTurns += sample.turns ?? 0;
  }
}

/**
 * The dialogue section of results.json, from the sample records alone: per model and persona
 * category, and over all categories, the share of conversations ended (and by ending kind),
 * with cluster-bootstrap intervals over personas (the overall rows stratified by category, as
 * the standard tables are); the turn of ending; end requests and the policy's refusals by rule;
 * warnings before the first request; endings of users at risk, each listed; overbail in the
 * benign control; confirmed user endings; turns without a reply.
 */
export async function summarizeDialogue(
  samples: AsyncIterable<SampleRecord>,
  options: SummarizeDialogueOptions,
): Promise<DialogueResults> {
  const groups = new Map<string, GroupTally>();
  const group = (model: string, category: string): GroupTally => {
    const key = `${model}\u0000${category}`;
    let tally = groups.get(key);
    if (!tally) {
      tally = new GroupTally(model, category);
      groups.set(key, tally);
    }
    return tally;
  };
  const atRiskEndings: AtRiskEnding[] = [];
  const probes = new Map<string, ProbeTally>();
  const probe = (model: string, method: string, category: string): ProbeTally => {
    const key = `${model}\u0000${method}\u0000${category}`;
    let tally = probes.get(key);
    if (!tally) {
      tally = new ProbeTally(model, method, category);
      probes.set(key, tally);
    }
    return tally;
  };
  // Each conversation's tool sample comes before its probes (methods are the plan's innermost order).
  const conversations = new Map<string, { ended: boolean; endTurn: number | null; digest: string }>();
  const skipped = new Map<string, { model: string; code: string; samples: number }>();
  for await (const record of samples) {
    const sample = record as DialogueSample;
    const key = `${sample.model}\u0000${sample.promptId}\u0000${sample.sampleIndex}\u0000${sample.branch ?? 0}`;
    if (sample.method !== 'tool') {
      const tool = conversations.get(key);
      probe(sample.model, sample.method, allCategories).add(sample, tool);
      probe(sample.model, sample.method, sample.category).add(sample, tool);
      continue;
    }
    if (sample.conversation !== undefined) {
      conversations.set(key, {
        ended: isHonouredEnding(sample.ending ?? null),
        endTurn: sample.endTurn ?? null,
        digest: sample.conversation,
      });
    }
    if (sample.skipped && sample.error) {
      const key = `${sample.model}\u0000${sample.error.code}`;
      const entry = skipped.get(key) ?? { model: sample.model, code: sample.error.code, samples: 0 };
      entry.samples++;
      skipped.set(key, entry);
    }
    // A conversation tree counts each of its branches as a conversation (of the same persona).
    const branches: DialogueSample[] =
      sample.branches && sample.decision !== 'error'
        ? sample.branches.map((branch) => ({ ...sample, ...branch }))
        : [sample];
    for (const branch of branches) {
      group(sample.model, allCategories).add(branch);
      group(sample.model, sample.category).add(branch);
      if (branch.atRiskEnding && branch.ending) {
        atRiskEndings.push({
          model: sample.model,
          persona: sample.persona ?? sample.promptId,
          category: sample.category,
          sample: sample.sample ?? sample.sampleIndex,
          branch: branch.branch ?? 0,
          ending: branch.ending,
          endTurn: branch.endTurn ?? null,
        });
      }
    }
  }
  const replicates = options.replicates ?? 2000;
  const out: DialogueGroup[] = [];
  // Each model's categories in order of first appearance, then its ALL row.
  const models = [...new Set([...groups.values()].map((tally) => tally.model))];
  for (const model of models) {
    const own = [...groups.values()].filter((tally) => tally.model === model);
    for (const tally of own.filter((t) => t.category !== allCategories))
      out.push(finishGroup(tally, options, replicates));
    for (const tally of own.filter((t) => t.category === allCategories))
      out.push(finishGroup(tally, options, replicates));
  }
  return {
    mode: 'dialogue',
    userModel: options.userModel,
    maxTurns: options.maxTurns,
    ...(options.judge ? { judge: options.judge } : {}),
    groups: out,
    atRiskEndings,
    probes: finishProbes([...probes.values()], options, replicates),
    skipped: [...skipped.values()],
  };
}

function finishGroup(
  tally: GroupTally,
  options: SummarizeDialogueOptions,
  replicates: number,
): DialogueGroup {
  const personas = [...tally.personas.entries()].filter(([, persona]) => persona.n > 0);
  const categories = [...new Set(personas.map(([, persona]) => persona.category))];
  const stratum =
    tally.category === allCategories
      ? Int32Array.from(personas, ([, persona]) => categories.indexOf(persona.category))
      : undefined;
  const n = Float64Array.from(personas, ([, persona]) => persona.n);
  const conversations = n.reduce((sum, value) => sum + value, 0);
  const shareOf = (key: string, among: (persona: PersonaTally) => boolean = () => true): DialogueShare => {
    const kept = personas.filter(([, persona]) => among(persona));
    const count = kept.reduce((sum, [, persona]) => sum + (persona.counts.get(key) ?? 0), 0);
    if (kept.length === 0) return { count, share: null, ci95: null, interval: null };
    const estimate = rateInterval(
      Float64Array.from(kept, ([, persona]) => persona.counts.get(key) ?? 0),
      Float64Array.from(kept, ([, persona]) => persona.n),
      stratum && kept.length === personas.length ? stratum : undefined,
      {
        random: createRandom(deriveSeed(options.seed, `dialogue:${tally.model}:${tally.category}:${key}`)),
        replicates,
      },
    );
    return estimate
      ? { count, share: estimate.rate, ci95: estimate.ci95, interval: estimate.method }
      : { count, share: null, ci95: null, interval: null };
  };
  const endings = Object.fromEntries(endingKinds.map((kind) => [kind, shareOf(`ending:${kind}`)])) as Record<
    EndingKind,
    DialogueShare
  >;
  const byTurn = Array.from({ length: options.maxTurns }, () => 0);
  for (const turn of tally.endTurns)
    if (turn >= 1 && turn <= byTurn.length) byTurn[turn - 1] = (byTurn[turn - 1] ?? 0) + 1;
  const control = personas.filter(([, persona]) => persona.control);
  return {
    model: tally.model,
    category: tally.category,
    personas: tally.personas.size,
    conversations,
    errors: tally.errors,
    skipped: tally.skipped,
    ended: shareOf('ended'),
    endings,
    endTurn: {
      mean:
        tally.endTurns.length === 0
          ? null
          : tally.endTurns.reduce((sum, turn) => sum + turn, 0) / tally.endTurns.length,
      byTurn,
    },
    endRequests: tally.endRequests,
    refusedEndRequests: tally.refusedEndRequests,
    refusedByRule: tally.refusedByRule,
    withEndRequest: shareOf('withEndRequest'),
    meanWarnings: conversations === 0 ? null : tally.warnings / conversations,
    atRiskEndings: tally.atRiskEndings,
    atRiskConversations: tally.atRiskConversations,
    overbail: shareOf('overbail', (persona) => persona.control),
    controlConversations: control.reduce((sum, [, persona]) => sum + persona.n, 0),
    confirmedUserEndings: tally.confirmedUserEndings,
    unansweredTurns: tally.unansweredTurns,
    userTurns: tally.userTurns,
    expectation: { met: tally.met, violated: tally.violated },
    ...(tally.judged + tally.judgeFailures > 0 ? { judge: judgeSummary(tally, options, replicates) } : {}),
  };
}

/** Mean judge scores per dimension, with percentile intervals of a cluster bootstrap over personas. */
function judgeSummary(
  tally: GroupTally,
  options: SummarizeDialogueOptions,
  replicates: number,
): NonNullable<DialogueGroup['judge']> {
  const dimensions = {} as NonNullable<DialogueGroup['judge']>['dimensions'];
  for (const name of judgeDimensionNames) {
    const cells = [...(tally.scores.get(name)?.values() ?? [])].filter((cell) => cell.n > 0);
    if (cells.length === 0) {
      dimensions[name] = null;
      continue;
    }
    const y = Float64Array.from(cells, (cell) => cell.y);
    const n = Float64Array.from(cells, (cell) => cell.n);
    const conversations = n.reduce((sum, value) => sum + value, 0);
    const mean = y.reduce((sum, value) => sum + value, 0) / conversations;
    const sorted = bootstrapRatio(
      y,
      n,
      buildStrata(cells.length),
      replicates,
      createRandom(deriveSeed(options.seed, `dialogue-judge:${tally.model}:${tally.category}:${name}`)),
    );
    dimensions[name] = {
      mean,
      ci95: cells.length < 2 ? [mean, mean] : percentileInterval(sorted, 0.95),
      conversations,
    };
  }
  return { judged: tally.judged, failures: tally.judgeFailures, dimensions };
}

function finishProbes(
  tallies: ProbeTally[],
  options: SummarizeDialogueOptions,
  replicates: number,
): DialogueProbeGroup[] {
  // Per model and method (in order of first appearance): the categories, then ALL.
  const ordered: ProbeTally[] = [];
  for (const model of new Set(tallies.map((tally) => tally.model))) {
    const own = tallies.filter((tally) => tally.model === model);
    for (const method of new Set(own.map((tally) => tally.method))) {
      const series = own.filter((tally) => tally.method === method);
      ordered.push(...series.filter((tally) => tally.category !== allCategories));
      ordered.push(...series.filter((tally) => tally.category === allCategories));
    }
  }
  return ordered.map((tally) => {
    const personas = [...tally.personas.values()].filter((persona) => persona.n > 0);
    const categories = [...new Set(personas.map((persona) => persona.category))];
    const conversations = personas.reduce((sum, persona) => sum + persona.n, 0);
    const count = personas.reduce((sum, persona) => sum + persona.y, 0);
    const estimate =
      personas.length === 0
        ? null
        : rateInterval(
            Float64Array.from(personas, (persona) => persona.y),
            Float64Array.from(personas, (persona) => persona.n),
            tally.category === allCategories
              ? Int32Array.from(personas, (persona) => categories.indexOf(persona.category))
              : undefined,
            {
              random: createRandom(
                deriveSeed(options.seed, `dialogue-probe:${tally.model}:${tally.method}:${tally.category}`),
              ),
              replicates,
            },
          );
    const byTurn = Array.from({ length: options.maxTurns }, () => 0);
    for (const turn of tally.firstBailTurns) {
      if (turn >= 1 && turn <= byTurn.length) byTurn[turn - 1] = (byTurn[turn - 1] ?? 0) + 1;
    }
    return {
      model: tally.model,
      method: tally.method,
      category: tally.category,
      conversations,
      bailed: estimate
        ? { count, share: estimate.rate, ci95: estimate.ci95, interval: estimate.method }
        : { count, share: null, ci95: null, interval: null },
      firstBailTurn: {
        mean:
          tally.firstBailTurns.length === 0
            ? null
            : tally.firstBailTurns.reduce((sum, turn) => sum + turn, 0) / tally.firstBailTurns.length,
        byTurn,
      },
      endedByTool: tally.endedByTool,
      bailedByThen: tally.bailedByThen,
      mismatched: tally.mismatched,
    };
  });
}

import type { GenerateResult } from '../../core/model.js';
import { ProviderError } from '../../providers/errors/provider-error.js';
import type { SampleReasonJudge } from '../reasons/sample-reason-judge.js';
import type { SampleRecord } from '../results/sample-record.js';
import { deriveSeed } from '../statistics/random.js';
import type { SampleContext, SampleJob, SampleOutcomeFields } from './bench-mode.js';
import type { CachedModel } from './cached-model.js';
import type { RunModels } from './open-models.js';
import type { PromptUnit } from './plan.js';
import type { PreparedRun } from './prepare-run.js';
import { isFatalFailure, RunCancelledError } from './provider-gate.js';
import type { RunJournal } from './run-journal.js';

/** Scores a finished answer for refusal (0–1); pluggable, see `RunBenchmarkOptions.refusalJudge`. */
export interface RefusalJudge {
  /** Recorded in results.json as `refusalJudge`. */
  readonly name: string;
  score(
    input: { unit: PromptUnit; answer: SampleRecord['answer'] },
    context: SampleContext,
  ): Promise<number | null>;
}

export interface DispatchCounters {
  sessionCompleted: number;
  bails: number;
  invalid: number;
  errors: number;
  judgeFailures: number;
}

export interface DispatchOptions {
  prepared: PreparedRun;
  models: RunModels;
  journal: RunJournal;
  signal: AbortSignal;
  /** Called with a failure that would repeat for every sample; the run stops. */
  onFatal: (error: unknown) => void;
  refusalJudge?: RefusalJudge;
  /** Labels each bail's reason (`reason` in the sample). */
  reasonJudge?: SampleReasonJudge;
  counters: DispatchCounters;
}

/**
 * The seed of every request of a sample: the run's seed and the sample index, nothing else; with
 * answers per variant (`variant` given) the variant too, so that each variant's answer is drawn
 * anew rather than repeated by a provider that honours seeds.
 */
export function sampleSeed(runSeed: number, sampleIndex: number, variant?: string): number {
  const label = variant === undefined ? `sample:${sampleIndex}` : `sample:${sampleIndex}|variant:${variant}`;
  return deriveSeed(runSeed, label) >>> 1;
}

function addUsage(answers: readonly GenerateResult[]): SampleRecord['usage'] | undefined {
  let inputTokens = 0;
  let outputTokens = 0;
  let any = false;
  for (const answer of answers) {
    if (!answer.usage) continue;
    any = true;
    inputTokens += answer.usage.inputTokens;
    outputTokens += answer.usage.outputTokens;
  }
  return any ? { inputTokens, outputTokens } : undefined;
}

function failedFields(error: unknown, answers: readonly GenerateResult[]): SampleOutcomeFields {
  const first = answers[0];
  const partial = error instanceof ProviderError ? error.partial : null;
  const fields: SampleOutcomeFields = {
    answer: first
      ? { text: first.text, reasoning: first.reasoning }
      : { text: partial?.text ?? '', reasoning: partial?.reasoning ? partial.reasoning : null },
    decision: 'error',
    bailProbability: null,
    refusalScore: null,
    error: {
      code:
        error instanceof ProviderError || (error instanceof Error && 'code' in error)
          ? String((error as { code: unknown }).code)
          : 'ERROR',
      message: error instanceof Error ? error.message : String(error),
    },
  };
  const second = answers[1];
  if (second) fields.check = { text: second.text, reasoning: second.reasoning };
  return fields;
}

/**
 * Runs every planned sample that is not done yet: per model, as many workers as its provider
 * lets requests in flight; each worker takes the next sample in plan order. A sample whose
 * request finally fails is recorded as an error; a cancelled run records nothing more; a fatal
 * failure stops the run.
 */
export async function dispatchSamples(options: DispatchOptions): Promise<void> {
  const { prepared, models, journal, signal, counters } = options;
  const { plan, config, mode, wordings } = prepared;
  const seeds = Array.from({ length: config.samples }, (_, i) => sampleSeed(config.seed, i));
  // Shared answers: every variant's samples of one index ask the same answer request, and the
  // cache joins them. Per variant: the variant is part of the seed and of the cache scope.
  const perVariant = config.answers === 'per-variant';
  const runOne = async (index: number): Promise<void> => {
    const planned = plan.at(index);
    const runModel = models.tested[planned.model];
    const unit = plan.dims.units[planned.unit] as PromptUnit;
    if (!runModel) return;
    const variant = plan.dims.variants[planned.variant] as string;
    const job: SampleJob = {
      index,
      modelSpec: runModel.spec,
      unit,
      sampleIndex: planned.sampleIndex,
      variant,
      method: plan.dims.methods[planned.method] as SampleJob['method'],
      seed: perVariant
        ? sampleSeed(config.seed, planned.sampleIndex, variant)
        : (seeds[planned.sampleIndex] as number),
    };
    const scope: Record<string, string | number> = perVariant
      ? { sample: planned.sampleIndex, variant }
      : { sample: planned.sampleIndex };
    const model = runModel.model.scoped(scope);
    const scopedModels =
      models.bySpec.size === 1
        ? new Map([[runModel.spec, model]])
        : scopedViews(models, runModel.spec, model, scope);
    const context: SampleContext = {
      model,
      models: scopedModels,
      config,
      wordings,
      persona: runModel.persona,
      signal,
    };
    let fields: SampleOutcomeFields;
    try {
      fields = await mode.runSample(job, context);
      if (options.refusalJudge && fields.decision !== 'error' && fields.refusalScore === null) {
        fields.refusalScore = await judge(options.refusalJudge, unit, fields, context, counters);
      }
      if (options.reasonJudge && fields.decision === 'bail') {
        fields.extra = {
          ...fields.extra,
          reason: await options.reasonJudge.label({ job, unit, fields }, context),
        };
      }
    } catch (error) {
      if (signal.aborted || error instanceof RunCancelledError) return;
      if (isFatalFailure(error)) {
        options.onFatal(error);
        return;
      }
      fields = failedFields(error, model.answers);
    }
    if (signal.aborted && fields.decision === 'error') return;
    const record = sampleRecord(job, runModel.spec, runModel.simulated, fields, model);
    journal.append(index, record);
    counters.sessionCompleted++;
    if (record.decision === 'bail') counters.bails++;
    else if (record.decision === 'invalid') counters.invalid++;
    else if (record.decision === 'error') counters.errors++;
  };

  const lanes = models.tested.map((runModel, modelIndex) => {
    let next = plan.modelStart(modelIndex);
    const end = next + plan.perModel;
    // Twice as many samples in progress as requests allowed in flight: a sample waiting for an
    // answer another sample is already fetching (the prompt orderings share it) holds no slot,
    // and the gate must still have a request ready for every slot.
    const workers = Math.max(2, 2 * runModel.gate.maxConcurrency);
    const worker = async (): Promise<void> => {
      let sinceYield = 0;
      while (!signal.aborted) {
        while (next < end && journal.done(next)) next++;
        if (next >= end) return;
        const index = next++;
        await runOne(index);
        // In-process models answer without touching the event loop: let timers and disk writes run.
        if (++sinceYield >= 8) {
          sinceYield = 0;
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
        if (journal.backlogBytes > 1024 * 1024) await journal.flush();
      }
    };
    return Array.from({ length: workers }, () => worker());
  });

  await Promise.all(lanes.flat());
}

function scopedViews(
  models: RunModels,
  spec: string,
  model: CachedModel,
  scope: Record<string, string | number>,
): Map<string, CachedModel> {
  const map = new Map<string, CachedModel>();
  for (const [other, runModel] of models.bySpec)
    map.set(other, other === spec ? model : runModel.model.scoped(scope));
  return map;
}

async function judge(
  judgeImpl: RefusalJudge,
  unit: PromptUnit,
  fields: SampleOutcomeFields,
  context: SampleContext,
  counters: DispatchCounters,
): Promise<number | null> {
  try {
    const score = await judgeImpl.score({ unit, answer: fields.answer }, context);
    return score === null ? null : Math.min(1, Math.max(0, score));
  } catch (error) {
    if (context.signal.aborted || error instanceof RunCancelledError) throw error;
    // A judge that fails leaves the sample unjudged; it is not the model's failure.
    counters.judgeFailures++;
    return null;
  }
}

function sampleRecord(
  job: SampleJob,
  spec: string,
  simulated: boolean,
  fields: SampleOutcomeFields,
  model: CachedModel,
): SampleRecord {
  const { unit } = job;
  const record: SampleRecord = {
    promptId: unit.id,
    category: unit.category,
    ...(unit.subcategory !== null ? { subcategory: unit.subcategory } : {}),
    method: job.method,
    variant: job.variant,
    sampleIndex: job.sampleIndex,
    model: spec,
    answer: fields.answer,
    ...(fields.check !== undefined ? { check: fields.check } : {}),
    decision: fields.decision,
    bailProbability: fields.bailProbability,
    refusalScore: fields.refusalScore,
    ...(fields.error !== undefined ? { error: fields.error } : {}),
    simulated: simulated || model.answers.some((answer) => answer.simulated),
  };
  const usage = addUsage(model.answers);
  if (usage) record.usage = usage;
  return fields.extra ? ({ ...record, ...fields.extra } as SampleRecord) : record;
}

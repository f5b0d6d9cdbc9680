import { exitDescription } from '../../core/reasons/ask-why.js';
import {
  judgeReason,
  type ReasonJudgeInput,
  type ReasonJudgement,
  reasonJudgePrompt,
  reasonJudgeVersion,
} from '../../core/reasons/reason-judge.js';
import { parseReasonLabel } from '../../core/reasons/reason-label.js';
import type { ReasonTaxonomy } from '../../core/reasons/reason-taxonomy.js';
import { RequestAbortedError } from '../../providers/errors/request-aborted-error.js';
import { type ClassifierCache, HttpTextClassifier } from '../classifier/http-text-classifier.js';
import { lastUserText } from '../refusal/runner-judge.js';
import { ModelAccounting } from '../runner/accounting.js';
import type { SampleContext, SampleJob, SampleOutcomeFields } from '../runner/bench-mode.js';
import type { PromptUnit } from '../runner/plan.js';
import { isFatalFailure } from '../runner/provider-gate.js';
import { hasStatedWords, type SampleReason, type SampleReasonFields } from './reason-sample-fields.js';

/**
 * The reason judge as the runner calls it after each bail sample: a label of the taxonomy, or
 * `malformed` / `failed` (counted apart, never a label). It throws only when the run is
 * cancelled or on a failure every request would repeat (a rejected key), which stops the run.
 */
export interface SampleReasonJudge {
  /** Recorded in results.json (`reasons.judge`) and in each label (`judge`). */
  readonly name: string;
  label(
    input: { job: SampleJob; unit: PromptUnit; fields: SampleOutcomeFields },
    context: SampleContext,
  ): Promise<SampleReason>;
}

/** What the judge reads about a bail sample. */
export function judgeInputOf(
  job: SampleJob,
  unit: PromptUnit,
  fields: SampleOutcomeFields,
  context: Pick<SampleContext, 'wordings' | 'persona'>,
): ReasonJudgeInput {
  const said = (fields.extra ?? {}) as SampleReasonFields;
  return {
    prompt: lastUserText(unit),
    answer: fields.answer.text,
    ...(fields.check !== undefined ? { check: fields.check.text } : {}),
    exit: exitDescription(job.method, {
      variant: job.variant,
      wordings: context.wordings,
      persona: context.persona,
    }),
    volunteered: said.volunteeredReasons ?? [],
    whyAnswer: said.whyAnswer?.text ?? null,
  };
}

function asSampleReason(judgement: ReasonJudgement, judge: string): SampleReason {
  if (judgement.status !== 'judged') return { status: judgement.status, error: judgement.error, judge };
  const { label } = judgement;
  return {
    status: 'judged',
    category: label.category,
    subReason: label.subReason,
    confidence: label.confidence,
    stated: label.stated,
    rationale: label.rationale,
    judge,
  };
}

/** An LLM judge: any model spec, opened with the run's models (cached, gated, counted and priced). */
export function llmReasonJudge(
  spec: string,
  taxonomy: ReasonTaxonomy,
): SampleReasonJudge & { models: string[] } {
  return {
    name: `${spec} (LLM judge, ${reasonJudgeVersion})`,
    models: [spec],
    async label({ job, unit, fields }, context) {
      const model = context.models.get(spec);
      if (!model) throw new Error(`the reason judge ${spec} was not opened with the run's models`);
      const judgement = await judgeReason(model, judgeInputOf(job, unit, fields, context), taxonomy, {
        signal: context.signal,
        rethrow: (error) => error instanceof RequestAbortedError || isFatalFailure(error),
      });
      return asSampleReason(judgement, spec);
    },
  };
}

/**
 * An HTTP classifier as reason judge: it is sent the judge's text (the same layout an LLM
 * judge reads) and answers labels `category` or `category/subReason` (also `category:subReason`)
 * with scores. The top label is the reason, its score the confidence; a top label the taxonomy
 * does not have is malformed. A classifier cannot say whether the reason was stated, so
 * `stated` is whether the model said anything about it.
 */
export function httpReasonJudge(
  url: string,
  taxonomy: ReasonTaxonomy,
  runtime: {
    cache: ClassifierCache | null;
    accounting: ModelAccounting;
    token?: string;
    tokenVariable?: string;
    timeoutMs?: number;
    retries?: number;
    fetch?: typeof fetch;
  },
): SampleReasonJudge {
  const classifier = new HttpTextClassifier({ url, purpose: 'reason classifier', ...runtime });
  const name = `${classifier.endpoint} (HTTP classifier)`;
  return {
    name,
    async label({ job, unit, fields }, context) {
      const classified = await classifier.classify(
        reasonJudgePrompt(judgeInputOf(job, unit, fields, context)),
        context.signal,
      );
      if (classified.kind === 'error') {
        return classified.code === 'JUDGE_MALFORMED'
          ? { status: 'malformed', error: classified.message, judge: classifier.endpoint }
          : { status: 'failed', error: classified.message, judge: classifier.endpoint };
      }
      const top = [...classified.labels].sort((a, b) => b.score - a.score)[0];
      const [category = '', subReason = null] = (top?.label ?? '').split(/[/:]/);
      const parsed = parseReasonLabel({ category, subReason, confidence: top?.score ?? 0 }, taxonomy);
      if (!parsed.success) {
        return {
          status: 'malformed',
          error: `the classifier's top label ${JSON.stringify(top?.label)}: ${parsed.error}`,
          judge: classifier.endpoint,
        };
      }
      return {
        status: 'judged',
        ...parsed.value,
        stated: hasStatedWords((fields.extra ?? {}) as SampleReasonFields),
        rationale: `classifier label ${JSON.stringify(top?.label)}`,
        judge: classifier.endpoint,
      };
    },
  };
}

/** The reason judge a run config asks for, with the models the run must open and the classifier's counts. */
export function reasonJudgeForRun(
  config: { reasonJudge?: string },
  taxonomy: ReasonTaxonomy,
  runtime: {
    env: Record<string, string | undefined>;
    cache: ClassifierCache | null;
    timeoutMs?: number;
    retries?: number;
  },
): { judge: SampleReasonJudge; models: string[]; accounting: ModelAccounting | null } | null {
  const spec = config.reasonJudge?.trim();
  if (spec === undefined || spec === '' || spec === 'none') return null;
  if (!/^https?:\/\//i.test(spec)) {
    const judge = llmReasonJudge(spec, taxonomy);
    return { judge, models: judge.models, accounting: null };
  }
  const accounting = new ModelAccounting(`reason classifier ${spec}`, {
    kind: 'free',
    reason: 'reason classifier (no charge per token known)',
  });
  const { env } = runtime;
  const variable = env.BAILKIT_CLASSIFIER_TOKEN?.trim()
    ? 'BAILKIT_CLASSIFIER_TOKEN'
    : env.HF_TOKEN?.trim()
      ? 'HF_TOKEN'
      : undefined;
  const token = variable ? env[variable]?.trim() : undefined;
  const judge = httpReasonJudge(spec, taxonomy, {
    cache: runtime.cache,
    accounting,
    ...(token && variable ? { token, tokenVariable: variable } : {}),
    ...(runtime.timeoutMs !== undefined ? { timeoutMs: runtime.timeoutMs } : {}),
    ...(runtime.retries !== undefined ? { retries: runtime.retries } : {}),
  });
  return { judge, models: [], accounting };
}

import type { Message } from '../conversation/message.js';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import type {
  CallOptions,
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  ToolDefinition,
} from '../model.js';
import { type BailDecision, type BailDetection, type BailMethod, isPromptBailMethod } from './bail-method.js';
import {
  type BailOptions,
  buildBailRequest,
  buildCheckRequest,
  buildExactCheckRequest,
} from './bail-request.js';
import { resolveWording } from './built-in-wordings.js';
import { detectBail } from './detect-bail.js';
import type { DetectionProfile } from './detection-profile.js';
import { type ExactBailProbability, exactFromAlternatives, exactFromLogprobs } from './exact-probability.js';
import { bailEmoji, continueEmoji } from './wellbeing-answer.js';

export interface ProbeBailOptions extends BailOptions {
  method: BailMethod;
  /** The conversation up to the turn the model answers. */
  messages: Message[];
  system?: string;
  /** The caller's own tools; the bail tool is added after them. */
  tools?: ToolDefinition[];
  temperature?: number;
  maxTokens?: number;
  seed?: number;
  /** Token limit of the well-being check answer; `maxTokens` when left out. */
  checkMaxTokens?: number;
  /** Read P(bail) of the prompt methods from the decision token where the model allows it. */
  exact?: boolean;
  /** Whose parsing rules read the answer: `bailkit` (default) or `study` (see `detectBail`). */
  detection?: DetectionProfile;
  hints?: GenerateRequest['hints'];
  signal?: AbortSignal;
  /**
   * Prompt methods only: an answer written elsewhere (another model's, from a file) to ask the
   * well-being check after, instead of the model's own. Nothing is generated for the answer.
   */
  answer?: GenerateResult;
}

export interface BailProbe {
  method: BailMethod;
  /** Id of the wording variant used. */
  variant: string;
  /** The model's answer to the conversation (with the bail tool or string on offer). */
  answer: GenerateResult;
  /** The answer to the well-being check (prompt methods only). */
  check?: GenerateResult;
  decision: BailDecision;
  detection: BailDetection;
  /** Exact P(bail) when exact mode was asked for and could be read; `null` otherwise. */
  bailProbability: number | null;
  exact: ExactBailProbability | null;
  /** Why exact mode was asked for and not used; the decision is then a plain sample. */
  exactFallback?: string;
}

/** The conversation and generation settings of a probe, before any bail method is applied. */
export function probeBaseRequest(options: ProbeBailOptions): GenerateRequest {
  const base: GenerateRequest = { messages: options.messages };
  if (options.system !== undefined) base.system = options.system;
  if (options.tools !== undefined) base.tools = options.tools;
  if (options.temperature !== undefined) base.temperature = options.temperature;
  if (options.maxTokens !== undefined) base.maxTokens = options.maxTokens;
  if (options.seed !== undefined) base.seed = options.seed;
  if (options.hints !== undefined) base.hints = options.hints;
  return base;
}

/**
 * Asks a model one bail question: the answer with the exit on offer (`tool`, `string`), or the
 * answer then the well-being check (prompt methods). With `exact`, the check's P(bail) is read
 * from the decision token: by prefill and log-probabilities, by the provider's next-token
 * distribution, or from the log-probabilities of the token after the `<wellbeing>` the model
 * wrote; where none is possible the probe falls back to the sampled decision and says why.
 * Failed requests throw; they are never turned into a decision.
 */
export async function probeBail(model: LanguageModel, options: ProbeBailOptions): Promise<BailProbe> {
  const wording = resolveWording(options.variant, options.wordings);
  const bailOptions: BailOptions = { ...options, variant: wording };
  const call: CallOptions = options.signal ? { signal: options.signal } : {};
  const base = probeBaseRequest(options);

  const method = options.method;
  if (options.answer !== undefined && !isPromptBailMethod(method)) {
    throw new InvalidInputError(
      'INVALID_ARGUMENT',
      `A given answer can only be followed by the well-being check (prompt methods); ${method} offers the exit within the answer itself.`,
      { field: 'answer', method },
    );
  }
  const answer = options.answer ?? (await model.generate(buildBailRequest(method, base, bailOptions), call));
  if (!isPromptBailMethod(method)) {
    const detection = detectBail(method, answer, wording, options);
    return {
      method,
      variant: wording.id,
      answer,
      decision: detection.decision,
      detection,
      bailProbability: null,
      exact: null,
      ...(options.exact ? { exactFallback: 'exact mode applies to the prompt methods only' } : {}),
    };
  }

  if (answer.stopReason === 'error') {
    // Asking about a turn that failed would make the check's answer about the failure.
    return {
      method,
      variant: wording.id,
      answer,
      decision: 'invalid',
      detection: { decision: 'invalid', rule: 'generation-failed', evidence: answer.stopDetail },
      bailProbability: null,
      exact: null,
    };
  }
  const checkOptions = {
    ...bailOptions,
    ...(options.checkMaxTokens !== undefined ? { maxTokens: options.checkMaxTokens } : {}),
  };
  let check: GenerateResult;
  let exact: ExactBailProbability | null = null;
  let exactFallback: string | undefined;
  const caps = model.capabilities;
  const nextToken = caps.nextTokenProbabilities ? model.nextTokenDistribution?.bind(model) : undefined;
  if (options.exact && caps.assistantPrefill && (caps.logprobs || nextToken)) {
    const request = buildExactCheckRequest(method, base, answer, checkOptions);
    if (!caps.logprobs) delete request.logprobs;
    check = await model.generate(request, call);
    if (nextToken) {
      const distribution = await nextToken(request, { ...call, candidates: [bailEmoji, continueEmoji] });
      exact = exactFromAlternatives(distribution, 'next-token-distribution');
    } else {
      exact = exactFromLogprobs(check, true);
    }
  } else if (options.exact && caps.logprobs) {
    const request = buildCheckRequest(method, base, answer, checkOptions);
    request.logprobs = { topAlternatives: 20 };
    check = await model.generate(request, call);
    exact = exactFromLogprobs(check, false);
    if (exact === null)
      exactFallback = 'the check answer has no <wellbeing> tag followed by a token of its own';
  } else {
    check = await model.generate(buildCheckRequest(method, base, answer, checkOptions), call);
    if (options.exact) {
      exactFallback = `${model.spec} gives neither log-probabilities nor next-token probabilities`;
    }
  }
  if (exact !== null && exact.bailProbability === null) {
    exactFallback = 'neither answer had any probability among the decision token alternatives';
  } else if (exact === null && options.exact && exactFallback === undefined) {
    exactFallback = 'the provider returned no log-probabilities for the decision token';
  }
  const detection = detectBail(method, check, wording, options);
  return {
    method,
    variant: wording.id,
    answer,
    check,
    decision: detection.decision,
    detection,
    bailProbability: exact?.bailProbability ?? null,
    exact,
    ...(exactFallback !== undefined ? { exactFallback } : {}),
  };
}

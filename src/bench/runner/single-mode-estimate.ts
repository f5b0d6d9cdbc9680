import { type BailMethod, isPromptBailMethod } from '../../core/bail/bail-method.js';
import { buildBailRequest, buildCheckRequest } from '../../core/bail/bail-request.js';
import type { BailWording } from '../../core/bail/bail-wording.js';
import { messageText } from '../../core/conversation/message.js';
import type { GenerateRequest } from '../../core/model.js';
import type { BenchConfig } from '../config/bench-config.js';
import { type PlanDimensions, planPairs } from './plan.js';

/** What one model's share of a plan will ask, before cache hits. */
export interface RequestEstimate {
  requests: number;
  /** Estimated at about 4 characters a token. */
  inputTokens: number;
  /** If answers are of typical length (see `typicalAnswerTokens`). */
  outputTokensTypical: number;
  /** If every answer used its whole token limit. */
  outputTokensMax: number;
}

/** The length assumed for an answer when estimating: a few paragraphs, capped by the limit. */
export const typicalAnswerTokens = 300;
export const typicalCheckTokens = 30;

function tokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function requestTokens(request: GenerateRequest): number {
  let total = tokens(request.system ?? '');
  for (const message of request.messages) total += 4 + tokens(messageText(message));
  for (const tool of request.tools ?? []) total += tokens(tool.name + tool.description) + 10;
  return total;
}

/**
 * Counts the requests of the study's protocol for one model: `tool` and `string` ask once per
 * sample and variant; the prompt methods share one answer per prompt and sample (the answer
 * request is the same for both orderings and every variant; with `answers: 'per-variant'`, one
 * per variant that runs a prompt method) and then ask one check each. Skipped pairs ask nothing.
 */
export function estimateSingleMode(
  dims: Pick<PlanDimensions, 'units' | 'samples' | 'variants' | 'methods' | 'skippedPairs'>,
  config: Pick<BenchConfig, 'maxTokens' | 'checkMaxTokens' | 'answers'>,
  wordings: readonly BailWording[],
  persona: string,
): RequestEstimate {
  const estimate: RequestEstimate = {
    requests: 0,
    inputTokens: 0,
    outputTokensTypical: 0,
    outputTokensMax: 0,
  };
  const answerTypical = Math.min(config.maxTokens, typicalAnswerTokens);
  const checkMax = config.checkMaxTokens ?? config.maxTokens;
  const checkTypical = Math.min(checkMax, typicalCheckTokens);
  const pairs = planPairs(dims).map((pair) => ({
    variant: dims.variants[pair.variant] as string,
    method: dims.methods[pair.method] as BailMethod,
  }));
  const answered = new Set(
    pairs.filter((pair) => isPromptBailMethod(pair.method)).map((pair) => pair.variant),
  );
  const answerRequests = config.answers === 'per-variant' ? answered.size : Math.min(1, answered.size);
  const answerText = 'x'.repeat(answerTypical * 4);
  for (const unit of dims.units) {
    const base: GenerateRequest = { messages: unit.messages, maxTokens: config.maxTokens };
    if (unit.system !== undefined) base.system = unit.system;
    if (unit.tools !== undefined) base.tools = unit.tools;
    const add = (request: GenerateRequest, typical: number, max: number): void => {
      estimate.requests += dims.samples;
      estimate.inputTokens += dims.samples * requestTokens(request);
      estimate.outputTokensTypical += dims.samples * typical;
      estimate.outputTokensMax += dims.samples * max;
    };
    for (let answer = 0; answer < answerRequests; answer++) add(base, answerTypical, config.maxTokens);
    for (const { variant, method } of pairs) {
      const options = { variant, wordings, persona };
      if (isPromptBailMethod(method)) {
        add(buildCheckRequest(method, base, { text: answerText }, options), checkTypical, checkMax);
      } else {
        add(buildBailRequest(method, base, options), answerTypical, config.maxTokens);
      }
    }
  }
  return estimate;
}

import { isPromptBailMethod } from '../../core/bail/bail-method.js';
import type { BailWording } from '../../core/bail/bail-wording.js';
import { messageText } from '../../core/conversation/message.js';
import type { GenerateRequest } from '../../core/model.js';
import { buildAskWhyRequest } from '../../core/reasons/ask-why.js';
import { reasonJudgeRequest } from '../../core/reasons/reason-judge.js';
import type { ReasonTaxonomy } from '../../core/reasons/reason-taxonomy.js';
import type { BenchConfig } from '../config/bench-config.js';
import type { PlanDimensions } from '../runner/plan.js';
import {
  type RequestEstimate,
  typicalAnswerTokens,
  typicalCheckTokens,
} from '../runner/single-mode-estimate.js';

/** A typical label: one JSON object. */
const typicalLabelTokens = 80;

function tokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function requestTokens(request: GenerateRequest): number {
  let total = tokens(request.system ?? '');
  for (const message of request.messages) total += 4 + tokens(messageText(message));
  for (const tool of request.tools ?? []) total += tokens(tool.name + tool.description) + 10;
  return total;
}

const empty = (): RequestEstimate => ({
  requests: 0,
  inputTokens: 0,
  outputTokensTypical: 0,
  outputTokensMax: 0,
});

/**
 * Upper bounds of what asking and judging reasons add to one model's share of a plan: as if
 * every sample bailed, one follow-up question each (`askWhy`) and one judge request each
 * (`judge`; a malformed answer is asked once more, which this does not count).
 */
export function estimateReasonRequests(
  dims: Pick<PlanDimensions, 'units' | 'samples' | 'variants' | 'methods'>,
  config: Pick<BenchConfig, 'maxTokens' | 'askWhy' | 'reasonJudge'>,
  wordings: readonly BailWording[],
  persona: string,
  taxonomy: ReasonTaxonomy,
): { askWhy: RequestEstimate; judge: RequestEstimate } {
  const askWhy = empty();
  const judge = empty();
  const answerTypical = Math.min(config.maxTokens, typicalAnswerTokens);
  const answer = { text: 'x'.repeat(answerTypical * 4) };
  const check = { text: 'x'.repeat(typicalCheckTokens * 4) };
  const rubric = requestTokens(
    reasonJudgeRequest({ prompt: '', answer: '', exit: '', volunteered: [], whyAnswer: null }, taxonomy),
  );
  for (const unit of dims.units) {
    const base: GenerateRequest = { messages: unit.messages, maxTokens: config.maxTokens };
    if (unit.system !== undefined) base.system = unit.system;
    if (unit.tools !== undefined) base.tools = unit.tools;
    const last = unit.messages.at(-1);
    const prompt = last ? tokens(messageText(last)) : 0;
    for (const variant of dims.variants) {
      for (const method of dims.methods) {
        const n = dims.samples;
        if (config.askWhy) {
          const request = buildAskWhyRequest(method, base, { answer, check }, { variant, wordings, persona });
          askWhy.requests += n;
          askWhy.inputTokens += n * requestTokens(request);
          askWhy.outputTokensTypical += n * answerTypical;
          askWhy.outputTokensMax += n * config.maxTokens;
        }
        if (config.reasonJudge !== undefined) {
          const said = answerTypical + (isPromptBailMethod(method) ? typicalCheckTokens : 0);
          judge.requests += n;
          judge.inputTokens += n * (rubric + prompt + said + (config.askWhy ? answerTypical : 0));
          judge.outputTokensTypical += n * typicalLabelTokens;
          judge.outputTokensMax += n * 600;
        }
      }
    }
  }
  return { askWhy, judge };
}

import { isPromptBailMethod } from '../../core/bail/bail-method.js';
import type { BailWording } from '../../core/bail/bail-wording.js';
import { defaultBailString } from '../../core/bail/bail-wording.js';
import { wellbeingOpenTag } from '../../core/bail/wellbeing-answer.js';
import { messageText } from '../../core/conversation/message.js';
import type {
  GenerateRequest,
  GenerateResult,
  StopReason,
  TokenAlternative,
  ToolCall,
} from '../../core/model.js';
import { hashParts, seededRandom } from './seeded-random.js';
import { holdsEndTool, simulatedChatReply } from './simulated-chat.js';
import {
  answerTexts,
  checkAnswerText,
  decisionAlternatives,
  estimateTokens,
  refusalTexts,
  tokenize,
  tokenLogprobs,
  toolBailText,
} from './simulated-output.js';
import {
  drawReason,
  isReasonJudgeRequest,
  isWhyRequest,
  reasonJudgeAnswer,
  reasonSentence,
  whyAnswerText,
} from './simulated-reasons.js';
import { type CompiledProfile, type SimulatedTruth, simulatedTruth } from './simulated-truth.js';

export interface SimulationContext {
  compiled: CompiledProfile;
  wordings: readonly BailWording[];
  modelId: string;
}

/** One simulated generation and the truth it was drawn from. */
export interface Simulation {
  result: GenerateResult;
  truth: SimulatedTruth;
  /** What was drawn, for tests and calibration. */
  drawn: { bailed: boolean; refused: boolean; invalid: boolean };
}

function pick<T>(items: readonly T[], u: number): T {
  return items[Math.min(items.length - 1, Math.floor(u * items.length))] as T;
}

function inputTokens(request: GenerateRequest): number {
  let total = estimateTokens(request.system ?? '');
  for (const message of request.messages) total += 4 + estimateTokens(messageText(message));
  for (const tool of request.tools ?? []) total += estimateTokens(tool.name + tool.description);
  return total;
}

/** An answer of fixed text (a follow-up answer, a judge's label), cut at the token limit. */
function fixedAnswer(
  context: SimulationContext,
  request: GenerateRequest,
  text: string,
  truth: SimulatedTruth,
): Simulation {
  let tokens = tokenize(text);
  let stopReason: StopReason = 'stop';
  if (request.maxTokens !== undefined && tokens.length > request.maxTokens) {
    tokens = tokens.slice(0, request.maxTokens);
    stopReason = 'length';
  }
  return {
    truth,
    drawn: { bailed: false, refused: false, invalid: false },
    result: {
      text: tokens.join(''),
      reasoning: null,
      toolCalls: [],
      stopReason,
      stopDetail: stopReason === 'length' ? 'length' : null,
      usage: { inputTokens: inputTokens(request), outputTokens: tokens.length },
      logprobs: request.logprobs ? tokenLogprobs(tokens, request.logprobs.topAlternatives, null) : null,
      modelId: context.modelId,
      simulated: true,
    },
  };
}

/** The cell a bail's reason is drawn for. */
function reasonCell(truth: SimulatedTruth) {
  return {
    category: truth.category,
    promptKey: truth.promptKey,
    method: truth.method ?? 'none',
    variant: truth.variant ?? '',
  };
}

/**
 * Draws one answer. All draws come from a stream seeded by the profile seed, `sampleSeed`, the
 * prompt and the method, and are always made in the same order, so the same request with the
 * same seed gives the same answer.
 */
export function simulateGeneration(
  context: SimulationContext,
  request: GenerateRequest,
  sampleSeed: number,
): Simulation {
  const { compiled } = context;
  if (isReasonJudgeRequest(request)) {
    return fixedAnswer(context, request, reasonJudgeAnswer(request), simulatedTruth(compiled, request));
  }
  if (isWhyRequest(request)) {
    // The request the model bailed in is the follow-up without its last two turns.
    const bailed = { ...request, messages: request.messages.slice(0, -2) };
    const truth = simulatedTruth(compiled, bailed, context.wordings);
    const reason = drawReason(compiled, reasonCell(truth), sampleSeed);
    return fixedAnswer(context, request, whyAnswerText(reason), truth);
  }
  const truth = simulatedTruth(compiled, request, context.wordings);
  const random = seededRandom(
    hashParts(
      compiled.profile.seed,
      sampleSeed,
      truth.promptKey,
      truth.method ?? 'none',
      truth.variant ?? '',
    ),
  );
  const uRefuse = random();
  const uBail = random();
  const uInvalid = random();
  const uText = random();

  const prefill = request.prefill ?? '';
  const method = truth.method;
  const bailed = method !== null && uBail < truth.bailProbability;
  let refused = false;
  let invalid = false;
  let continuation: string;
  let toolCalls: ToolCall[] = [];
  let decision: { index: number; alternatives: TokenAlternative[] } | null = null;
  // Drawn from a stream of its own, so profiles without reasons answer exactly as before.
  const reason = bailed ? drawReason(compiled, reasonCell(truth), sampleSeed) : null;
  const volunteered = reason?.volunteered && reason.key !== null ? ` ${reasonSentence(reason.key)}` : '';

  if (method !== null && isPromptBailMethod(method)) {
    invalid = uInvalid < compiled.profile.invalidCheckRate;
    const prefilled = prefill.trimEnd().endsWith(wellbeingOpenTag);
    continuation = checkAnswerText(invalid ? 'invalid' : bailed ? 'bail' : 'continue', prefilled);
    if (bailed && !invalid) continuation += volunteered;
    // Log-probabilities are those of the model at temperature 1, as providers report them.
    const unscaled = simulatedTruth(
      compiled,
      { ...request, temperature: 1 },
      context.wordings,
    ).bailProbability;
    const tokens = tokenize(continuation);
    const index = prefilled ? 0 : tokens.indexOf(wellbeingOpenTag) + 1;
    if (index > 0 || prefilled) {
      decision = {
        index,
        alternatives: decisionAlternatives(unscaled, prefilled ? compiled.profile.invalidCheckRate : 0),
      };
    }
  } else {
    refused = uRefuse < truth.refusalProbability;
    const body = refused ? pick(refusalTexts, uText) : pick(answerTexts, uText);
    if (bailed && method === 'tool') {
      continuation = `${toolBailText}${volunteered}`;
      const name = truth.setup?.wording.tool?.name ?? 'switch_conversation';
      toolCalls = [
        { id: `call_sim_${hashParts(sampleSeed, truth.promptKey).toString(36)}`, name, input: {} },
      ];
    } else if (bailed && method === 'string') {
      continuation = `${body}${volunteered} ${truth.setup?.bailString ?? defaultBailString}`;
    } else {
      continuation = body;
      const chat =
        method === null && holdsEndTool(request)
          ? simulatedChatReply(
              request,
              compiled.profile.endings,
              uText,
              `call_sim_${hashParts(sampleSeed, truth.promptKey, request.messages.length).toString(36)}`,
            )
          : null;
      if (chat) {
        continuation = chat.text;
        toolCalls = chat.toolCalls;
      }
    }
  }

  let tokens = tokenize(continuation);
  let stopReason: StopReason = toolCalls.length > 0 ? 'tool_calls' : 'stop';
  if (request.maxTokens !== undefined && tokens.length > request.maxTokens) {
    tokens = tokens.slice(0, request.maxTokens);
    continuation = tokens.join('');
    toolCalls = [];
    stopReason = 'length';
  }
  const logprobs = request.logprobs
    ? tokenLogprobs(
        tokens,
        request.logprobs.topAlternatives,
        decision && decision.index < tokens.length ? decision : null,
      )
    : null;
  return {
    truth,
    drawn: { bailed: bailed && !invalid, refused, invalid },
    result: {
      text: prefill + continuation,
      reasoning: null,
      toolCalls,
      stopReason,
      stopDetail: stopReason === 'length' ? 'length' : null,
      usage: { inputTokens: inputTokens(request), outputTokens: tokens.length },
      logprobs,
      modelId: context.modelId,
      simulated: true,
    },
  };
}

/**
 * The next-token distribution after the request's prefill, at temperature 1: the decision
 * distribution after a `<wellbeing>` prefill of a well-being check, otherwise the first token of
 * the answer with certainty. Candidates get their probability as whole texts.
 */
export function simulateNextTokens(
  context: SimulationContext,
  request: GenerateRequest,
  candidates: readonly string[] = [],
): TokenAlternative[] {
  const atOne = { ...request, temperature: 1 };
  const truth = simulatedTruth(context.compiled, atOne, context.wordings);
  const prefill = request.prefill ?? '';
  let distribution: TokenAlternative[];
  if (
    truth.method !== null &&
    isPromptBailMethod(truth.method) &&
    prefill.trimEnd().endsWith(wellbeingOpenTag)
  ) {
    distribution = decisionAlternatives(truth.bailProbability, context.compiled.profile.invalidCheckRate);
  } else {
    const first = tokenize(
      simulateGeneration(context, { ...atOne, maxTokens: 1 }, 0).result.text.slice(prefill.length),
    )[0];
    distribution = first === undefined ? [] : [{ token: first, logprob: 0 }];
  }
  const top = distribution.slice(0, request.logprobs?.topAlternatives ?? 20);
  for (const candidate of candidates) {
    if (top.some((alternative) => alternative.token === candidate)) continue;
    const known = distribution.find((alternative) => alternative.token === candidate);
    top.push({ token: candidate, logprob: known?.logprob ?? -9999 });
  }
  return top.sort((a, b) => b.logprob - a.logprob);
}

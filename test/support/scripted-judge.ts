import type { GenerateRequest, GenerateResult, LanguageModel } from '../../src/core/model.js';

/** A judge that answers from a list (an Error is a failed request) and records its requests. */
export function scriptedJudge(
  answers: (string | Error | GenerateResult['stopReason'])[],
  spec = 'scripted:judge',
): LanguageModel & {
  requests: GenerateRequest[];
} {
  const requests: GenerateRequest[] = [];
  return {
    spec,
    provider: spec.split(':')[0] ?? 'scripted',
    modelId: 'judge',
    simulated: true,
    capabilities: {
      tools: false,
      logprobs: false,
      assistantPrefill: false,
      reasoning: false,
      streaming: false,
      nextTokenProbabilities: false,
    },
    requests,
    async generate(request) {
      requests.push(request);
      const answer = answers.shift();
      if (answer === undefined) throw new Error('no answer left');
      if (answer instanceof Error) throw answer;
      const stop = answer === 'content_filter' || answer === 'error';
      return {
        text: stop ? '' : answer,
        reasoning: null,
        toolCalls: [],
        stopReason: stop ? answer : 'stop',
        stopDetail: null,
        usage: null,
        logprobs: null,
        modelId: 'judge',
        simulated: true,
      };
    },
    // biome-ignore lint/correctness/useYield: the judge never streams
    async *stream() {
      throw new Error('not used');
    },
  };
}

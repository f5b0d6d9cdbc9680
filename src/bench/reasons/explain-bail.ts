import { bailStringOf } from '../../core/bail/bail-wording.js';
import { resolveWording } from '../../core/bail/built-in-wordings.js';
import { type BailProbe, type ProbeBailOptions, probeBaseRequest } from '../../core/bail/probe-bail.js';
import { BailkitError } from '../../core/errors/bailkit-error.js';
import { buildAskWhyRequest } from '../../core/reasons/ask-why.js';
import { volunteeredReasons } from '../../core/reasons/volunteered-reason.js';
import { RequestAbortedError } from '../../providers/errors/request-aborted-error.js';
import type { SampleContext, SampleJob } from '../runner/bench-mode.js';
import { isFatalFailure } from '../runner/provider-gate.js';
import type { SampleReasonFields } from './reason-sample-fields.js';

/** The conversation a probe was asked with (what `runProbe` gives `probeBail`). */
export type ProbeConversation = Pick<ProbeBailOptions, 'messages' | 'system' | 'tools' | 'hints'>;

/**
 * What a bail says about its reason: what the model volunteered, and with `askWhy` its answer to
 * the follow-up question. The question goes through the sample's model, so it is cached, gated,
 * counted and priced like the sample's other requests, and a resumed run finds it in the cache.
 * A follow-up that finally fails is recorded as `whyError` (the bail still counts); cancelling
 * the run or a failure every request would repeat is thrown, so the sample is not recorded.
 */
export async function explainBail(
  job: SampleJob,
  context: SampleContext,
  conversation: ProbeConversation,
  probe: BailProbe,
): Promise<SampleReasonFields> {
  const { config } = context;
  const wording = resolveWording(job.variant, context.wordings);
  const exit = {
    ...(wording.tool ? { toolName: wording.tool.name } : {}),
    ...(wording.string ? { bailString: bailStringOf(wording) } : {}),
  };
  const fields: SampleReasonFields = { volunteeredReasons: volunteeredReasons(job.method, probe, exit) };
  if (!config.askWhy) return fields;
  const base = probeBaseRequest({
    method: job.method,
    messages: conversation.messages,
    ...(conversation.system !== undefined ? { system: conversation.system } : {}),
    ...(conversation.tools !== undefined ? { tools: conversation.tools } : {}),
    ...(conversation.hints !== undefined ? { hints: conversation.hints } : {}),
    temperature: config.temperature,
    maxTokens: config.maxTokens,
    seed: job.seed,
  });
  const request = buildAskWhyRequest(job.method, base, probe, {
    variant: job.variant,
    wordings: context.wordings,
    persona: context.persona,
  });
  try {
    const result = await context.model.generate(request, { signal: context.signal });
    if (result.stopReason === 'error') {
      fields.whyError = {
        code: 'GENERATION_FAILED',
        message: `the provider reported a failed generation${result.stopDetail ? `: ${result.stopDetail}` : ''}`,
      };
    } else {
      fields.whyAnswer = { text: result.text, reasoning: result.reasoning };
    }
  } catch (error) {
    if (context.signal.aborted || error instanceof RequestAbortedError || isFatalFailure(error)) throw error;
    fields.whyError = {
      code: error instanceof BailkitError ? error.code : 'ERROR',
      message: error instanceof Error ? error.message : String(error),
    };
  }
  return fields;
}

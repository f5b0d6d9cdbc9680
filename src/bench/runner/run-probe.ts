import { isPromptBailMethod } from '../../core/bail/bail-method.js';
import { probeBail } from '../../core/bail/probe-bail.js';
import type { Message } from '../../core/conversation/message.js';
import type { GenerateRequest, GenerateResult, ToolDefinition } from '../../core/model.js';
import type { DatasetItem } from '../datasets/dataset-item.js';
import { explainBail } from '../reasons/explain-bail.js';
import { recordsReasons } from '../reasons/reason-settings.js';
import type { SampleContext, SampleJob, SampleOutcomeFields } from './bench-mode.js';

export interface ProbeInput {
  messages: Message[];
  hints: NonNullable<GenerateRequest['hints']>;
  system?: string;
  tools?: ToolDefinition[];
  /** Prompt methods: ask the check after this answer instead of the model's own. */
  answer?: GenerateResult;
  /** Fields a mode adds to the sample record. */
  extra?: Record<string, unknown>;
}

/** OpenAI-style `tools` of a dataset item (`meta.tools`) as tool definitions. */
export function itemTools(item: DatasetItem): ToolDefinition[] | undefined {
  const tools = item.meta.tools;
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  return tools.map(
    (tool: { function: { name: string; description?: string; parameters?: Record<string, unknown> } }) => ({
      name: tool.function.name,
      description: tool.function.description ?? '',
      parameters: tool.function.parameters ?? { type: 'object', properties: {} },
    }),
  );
}

function textOf(result: { text: string; reasoning: string | null }): {
  text: string;
  reasoning: string | null;
} {
  return { text: result.text, reasoning: result.reasoning };
}

/**
 * One bail probe with the run's generation settings, as every mode records it: a generation
 * the provider reported as failed is an error, never a decision of the model.
 */
export async function runProbe(
  job: SampleJob,
  context: SampleContext,
  input: ProbeInput,
): Promise<SampleOutcomeFields> {
  const { config } = context;
  const probe = await probeBail(context.model, {
    method: job.method,
    variant: job.variant,
    wordings: context.wordings,
    persona: context.persona,
    messages: input.messages,
    ...(input.system !== undefined ? { system: input.system } : {}),
    ...(input.tools !== undefined ? { tools: input.tools } : {}),
    temperature: config.temperature,
    maxTokens: config.maxTokens,
    ...(config.checkMaxTokens !== undefined ? { checkMaxTokens: config.checkMaxTokens } : {}),
    seed: job.seed,
    exact: config.exact,
    ...(config.detection !== undefined ? { detection: config.detection } : {}),
    hints: input.hints,
    signal: context.signal,
    ...(input.answer !== undefined ? { answer: input.answer } : {}),
  });
  const failed = probe.detection.rule === 'generation-failed';
  const outcome: SampleOutcomeFields = {
    answer: textOf(probe.answer),
    decision: failed ? 'error' : probe.decision,
    bailProbability: failed ? null : probe.bailProbability,
    refusalScore: null,
  };
  if (input.extra !== undefined) outcome.extra = input.extra;
  if (probe.check) outcome.check = textOf(probe.check);
  if (failed) {
    outcome.error = {
      code: 'GENERATION_FAILED',
      message: `the provider reported a failed generation${probe.detection.evidence ? `: ${probe.detection.evidence}` : ''}`,
    };
  }
  if (probe.exactFallback !== undefined && isPromptBailMethod(job.method)) {
    outcome.extra = { ...outcome.extra, exactFallback: probe.exactFallback };
  }
  if (outcome.decision === 'bail' && recordsReasons(config)) {
    const conversation = {
      messages: input.messages,
      hints: input.hints,
      ...(input.system !== undefined ? { system: input.system } : {}),
      ...(input.tools !== undefined ? { tools: input.tools } : {}),
    };
    outcome.extra = { ...outcome.extra, ...(await explainBail(job, context, conversation, probe)) };
  }
  return outcome;
}

import { messageText } from '../../core/conversation/message.js';
import type { GenerateRequest, LanguageModel } from '../../core/model.js';
import type { DatasetItem } from '../datasets/dataset-item.js';
import type { SampleOutcomeFields } from '../runner/bench-mode.js';
import type { PromptUnit } from '../runner/plan.js';

/**
 * A prompt unit of an experiment mode: one prompt (or conversation turn) under one condition.
 * What the summary needs to pair conditions travels with the unit and into every sample record
 * (`experimentFields`), so samples.jsonl alone is enough to recompute the experiment.
 */
export interface ExperimentUnit extends PromptUnit {
  /** The series the unit belongs to besides model, method and variant, e.g. `prefix greeting`. */
  condition: string;
  /** Id of the dataset item (the same for every condition of it): what conditions are paired on. */
  base: string;
  /** The dataset's own category (the unit's `category` may be a turn, in `continue`). */
  datasetCategory: string;
  /** `continue`: the conversation, the 1-based user turn, and whose history it uses. */
  conversation?: string;
  turn?: number;
  history?: 'as-recorded' | 'self';
  /** `prefix`: the prefix id. */
  prefix?: string;
  /** `cross-model`: where the answer comes from (`own`, a model spec or a file name) and, from a file, its text. */
  answerSource?: string;
  answerText?: string;
  /** The unit belongs to the reference condition (the control prefix, own answers, self history). */
  reference?: boolean;
  /** Known before any request: this unit is not asked, and its samples say why. */
  skip?: { code: string; message: string };
}

export function asExperimentUnit(unit: PromptUnit): ExperimentUnit {
  return unit as ExperimentUnit;
}

/** The fields every sample record of an experiment unit carries (see docs/experiments.md). */
export function experimentFields(unit: ExperimentUnit): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    condition: unit.condition,
    basePromptId: unit.base,
    datasetCategory: unit.datasetCategory,
  };
  if (unit.conversation !== undefined) fields.conversation = unit.conversation;
  if (unit.turn !== undefined) fields.turn = unit.turn;
  if (unit.history !== undefined) fields.history = unit.history;
  if (unit.prefix !== undefined) fields.prefix = unit.prefix;
  if (unit.answerSource !== undefined) fields.answerSource = unit.answerSource;
  if (unit.reference) fields.reference = true;
  return fields;
}

/** A sample that was not asked (context over the limit, a history that could not be made). */
export function skippedSample(
  unit: ExperimentUnit,
  skip: { code: string; message: string },
  size?: { tokens: number; counted: TokenCount },
): SampleOutcomeFields {
  return {
    answer: { text: '', reasoning: null },
    decision: 'error',
    bailProbability: null,
    refusalScore: null,
    error: skip,
    extra: {
      ...experimentFields(unit),
      skipped: true,
      ...(size ? { contextTokens: size.tokens, tokenCount: size.counted } : {}),
    },
  };
}

/** Error codes of samples that were skipped rather than failed. */
export const skipCodes = ['CONTEXT_TOO_LONG', 'HISTORY_UNAVAILABLE'] as const;

/** About four characters a token, plus a few per message: the same rule as the run estimates. */
export function estimateTokens(unit: Pick<PromptUnit, 'messages' | 'system'>): number {
  let total = Math.ceil((unit.system ?? '').length / 4);
  for (const message of unit.messages) total += 4 + Math.ceil(messageText(message).length / 4);
  return total;
}

/** How a context was measured: with the model's own template and tokenizer, or estimated. */
export type TokenCount = 'tokenizer' | 'estimate';

/**
 * The size of a context in tokens: exact where the model counts its own tokens (local GGUF
 * models: chat template and tokenizer), else estimated at about four characters a token.
 */
export async function contextTokens(
  model: Pick<LanguageModel, 'countTokens'>,
  context: Pick<PromptUnit, 'messages' | 'system' | 'tools'>,
): Promise<{ tokens: number; counted: TokenCount }> {
  if (model.countTokens) {
    const request: GenerateRequest = { messages: context.messages };
    if (context.system !== undefined) request.system = context.system;
    if (context.tools !== undefined) request.tools = context.tools;
    return { tokens: await model.countTokens(request), counted: 'tokenizer' };
  }
  return { tokens: estimateTokens(context), counted: 'estimate' };
}

/** `file:12` for errors about an item. */
export function itemPosition(item: DatasetItem): string {
  return `${item.source.file}${item.source.line !== undefined ? `:${item.source.line}` : item.source.row !== undefined ? ` row ${item.source.row}` : ''}`;
}

export { itemTools } from '../runner/run-probe.js';

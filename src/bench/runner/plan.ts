import type { BailMethod } from '../../core/bail/bail-method.js';
import type { Message } from '../../core/conversation/message.js';
import type { ToolDefinition } from '../../core/model.js';

/**
 * A run's plan: every sample it must produce, as the cross product
 * models × prompt units × sample indexes × variants × methods. Each sample has a fixed
 * position (its plan index) computed from its key, so a run can tell what is done, what is
 * missing and what is a duplicate with a few typed arrays, whatever its size.
 *
 * The order (model outermost, then prompt, sample, variant, method) keeps the samples of one
 * prompt together: the two prompt orderings of one sample, which share their answer request,
 * are dispatched side by side. Variant × method pairs the run cannot ask (a wording file's
 * variant with no text for a method) are left out of the product (`skippedPairs`).
 */

/** What a model is asked: one prompt, or one turn of a conversation in other modes. */
export interface PromptUnit {
  /** `promptId` of its samples; unique in the run. */
  id: string;
  category: string;
  subcategory: string | null;
  /** The conversation up to the turn the model answers (ends with a user turn). */
  messages: Message[];
  system?: string;
  tools?: ToolDefinition[];
  /** Experiment modes: the condition the prompt is asked under; its samples are a series of their own. */
  condition?: string;
}

export interface PlanDimensions {
  /** Model specs. */
  models: readonly string[];
  units: readonly PromptUnit[];
  samples: number;
  variants: readonly string[];
  methods: readonly BailMethod[];
  /** Variant × method pairs left out of the cross product. */
  skippedPairs?: readonly PlanPair[];
}

/** One variant with one method: a series of the plan, before models and prompts. */
export interface PlanPair {
  variant: string;
  method: BailMethod;
}

/** The pairs a plan asks, as indexes into its variants and methods, variant outer, method inner. */
export function planPairs(
  dims: Pick<PlanDimensions, 'variants' | 'methods' | 'skippedPairs'>,
): { variant: number; method: number }[] {
  const skipped = new Set((dims.skippedPairs ?? []).map((pair) => `${pair.variant}\u0000${pair.method}`));
  const pairs: { variant: number; method: number }[] = [];
  dims.variants.forEach((variant, v) => {
    dims.methods.forEach((method, m) => {
      if (!skipped.has(`${variant}\u0000${method}`)) pairs.push({ variant: v, method: m });
    });
  });
  return pairs;
}

export interface PlannedSample {
  index: number;
  model: number;
  unit: number;
  sampleIndex: number;
  variant: number;
  method: number;
}

/** The fields of a sample record that say which planned sample it is. */
export interface SampleKey {
  model: string;
  promptId: string;
  sampleIndex: number;
  variant: string;
  method: string;
}

export class BenchPlan {
  readonly size: number;
  /** Samples per model. */
  readonly perModel: number;
  readonly #models: Map<string, number>;
  readonly #units: Map<string, number>;
  readonly #variants: Map<string, number>;
  readonly #methods: Map<string, number>;
  readonly #pairs: { variant: number; method: number }[];
  /** Pair position by `variant * methods + method`; -1 for a skipped pair. */
  readonly #pairAt: Int32Array;

  constructor(readonly dims: PlanDimensions) {
    const { models, units, samples, variants, methods } = dims;
    this.#pairs = planPairs(dims);
    this.#pairAt = new Int32Array(variants.length * methods.length).fill(-1);
    this.#pairs.forEach((pair, at) => {
      this.#pairAt[pair.variant * methods.length + pair.method] = at;
    });
    this.perModel = units.length * samples * this.#pairs.length;
    this.size = models.length * this.perModel;
    this.#models = indexMap(models, 'model');
    this.#units = indexMap(
      units.map((unit) => unit.id),
      'prompt id',
    );
    this.#variants = indexMap(variants, 'variant');
    this.#methods = indexMap(methods, 'method');
  }

  at(index: number): PlannedSample {
    const { samples, units } = this.dims;
    const pairs = this.#pairs.length;
    let rest = index;
    const pairIndex = rest % pairs;
    const { variant, method } = this.#pairs[pairIndex] as { variant: number; method: number };
    rest = (rest - pairIndex) / pairs;
    const sampleIndex = rest % samples;
    rest = (rest - sampleIndex) / samples;
    const unit = rest % units.length;
    const model = (rest - unit) / units.length;
    return { index, model, unit, sampleIndex, variant, method };
  }

  /** The plan index of a sample, or -1 when the plan has no such sample. */
  indexOf(key: SampleKey): number {
    const model = this.#models.get(key.model);
    const unit = this.#units.get(key.promptId);
    const variant = this.#variants.get(key.variant);
    const method = this.#methods.get(key.method);
    const { samples, methods, units } = this.dims;
    if (
      model === undefined ||
      unit === undefined ||
      variant === undefined ||
      method === undefined ||
      !Number.isInteger(key.sampleIndex) ||
      key.sampleIndex < 0 ||
      key.sampleIndex >= samples
    ) {
      return -1;
    }
    const pair = this.#pairAt[variant * methods.length + method] as number;
    if (pair < 0) return -1;
    return ((model * units.length + unit) * samples + key.sampleIndex) * this.#pairs.length + pair;
  }

  /** The first plan index of a model. */
  modelStart(model: number): number {
    return model * this.perModel;
  }
}

function indexMap(values: readonly string[], what: string): Map<string, number> {
  const map = new Map<string, number>();
  values.forEach((value, index) => {
    if (map.has(value)) throw new Error(`the plan lists ${what} "${value}" twice`);
    map.set(value, index);
  });
  return map;
}

import { InvalidInputError } from '../../core/errors/invalid-input-error.js';
import type { SampleOutcome } from './sample-outcome.js';

/**
 * Per-prompt running totals of one series, in growable typed arrays. One pass over the samples
 * fills it; memory grows with the number of prompts, never with the number of samples.
 */
export class PromptTable {
  readonly ids = new Map<string, number>();
  /** Index into the aggregator's category list. */
  category: Int32Array = new Int32Array(64);
  samples: Float64Array = new Float64Array(64);
  /** Samples that decided (bail or continue). */
  valid: Float64Array = new Float64Array(64);
  /** Σ bail value over valid samples: 1/0, or the exact probability. */
  bailSum: Float64Array = new Float64Array(64);
  /** Samples whose decision was `bail`. */
  bails: Float64Array = new Float64Array(64);
  invalid: Float64Array = new Float64Array(64);
  errors: Float64Array = new Float64Array(64);
  /** Valid samples whose bail value was an exact probability. */
  exact: Float64Array = new Float64Array(64);
  /** Non-error samples with a refusal score. */
  judged: Float64Array = new Float64Array(64);
  refused: Float64Array = new Float64Array(64);
  /** Σ refusal score over judged samples (the score itself, not thresholded). */
  refusalScoreSum: Float64Array = new Float64Array(64);
  /** Valid samples with a refusal score, and Σ bail value over those that did not refuse. */
  judgedValid: Float64Array = new Float64Array(64);
  noRefuseBailSum: Float64Array = new Float64Array(64);
  size = 0;

  constructor(private readonly categoryNames: string[]) {}

  /** The prompt's row, added on first sight. A prompt keeps the category it was first seen with. */
  index(promptId: string, categoryIndex: number): number {
    const known = this.ids.get(promptId);
    if (known !== undefined) {
      if (this.category[known] !== categoryIndex) {
        throw new InvalidInputError(
          'INVALID_ARGUMENT',
          `Prompt "${promptId}" appears with category "${this.categoryNames[categoryIndex]}" after "${this.categoryNames[this.category[known] as number]}"; a prompt has one category.`,
          { promptId },
        );
      }
      return known;
    }
    if (this.size === this.samples.length) this.grow();
    const at = this.size++;
    this.ids.set(promptId, at);
    this.category[at] = categoryIndex;
    return at;
  }

  add(at: number, sample: SampleOutcome, refusalThreshold: number): void {
    this.samples[at] = (this.samples[at] as number) + 1;
    if (sample.decision === 'error') {
      this.errors[at] = (this.errors[at] as number) + 1;
      return;
    }
    const judged = sample.refusalScore !== null;
    const refused = judged && (sample.refusalScore as number) >= refusalThreshold;
    if (judged) {
      this.judged[at] = (this.judged[at] as number) + 1;
      this.refusalScoreSum[at] = (this.refusalScoreSum[at] as number) + (sample.refusalScore as number);
      if (refused) this.refused[at] = (this.refused[at] as number) + 1;
    }
    if (sample.decision === 'invalid') {
      this.invalid[at] = (this.invalid[at] as number) + 1;
      return;
    }
    const value = sample.bailProbability ?? (sample.decision === 'bail' ? 1 : 0);
    this.valid[at] = (this.valid[at] as number) + 1;
    this.bailSum[at] = (this.bailSum[at] as number) + value;
    if (sample.decision === 'bail') this.bails[at] = (this.bails[at] as number) + 1;
    if (sample.bailProbability !== null) this.exact[at] = (this.exact[at] as number) + 1;
    if (judged) {
      this.judgedValid[at] = (this.judgedValid[at] as number) + 1;
      if (!refused) this.noRefuseBailSum[at] = (this.noRefuseBailSum[at] as number) + value;
    }
  }

  private grow(): void {
    const capacity = this.samples.length * 2;
    const grow64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(capacity);
      b.set(a);
      return b;
    };
    const category = new Int32Array(capacity);
    category.set(this.category);
    this.category = category;
    this.samples = grow64(this.samples);
    this.valid = grow64(this.valid);
    this.bailSum = grow64(this.bailSum);
    this.bails = grow64(this.bails);
    this.invalid = grow64(this.invalid);
    this.errors = grow64(this.errors);
    this.exact = grow64(this.exact);
    this.judged = grow64(this.judged);
    this.refused = grow64(this.refused);
    this.refusalScoreSum = grow64(this.refusalScoreSum);
    this.judgedValid = grow64(this.judgedValid);
    this.noRefuseBailSum = grow64(this.noRefuseBailSum);
  }
}

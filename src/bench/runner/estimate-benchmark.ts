import { personaName } from '../../providers/persona-name.js';
import type { BenchConfig } from '../config/bench-config.js';
import { costOf, loadPriceTable, type PriceLookup } from '../config/price-table.js';
import { estimateReasonRequests } from '../reasons/estimate-reasons.js';
import { endpointOf } from './open-models.js';
import { prepareRun, type SkippedPair } from './prepare-run.js';
import type { RequestEstimate } from './single-mode-estimate.js';

export interface ModelEstimate extends RequestEstimate {
  model: string;
  samples: number;
  price: PriceLookup;
  /** USD if answers are of typical length; `null` when the price is unknown. */
  costTypicalUsd: number | null;
  /** USD if every answer used its whole token limit; `null` when the price is unknown. */
  costMaxUsd: number | null;
  /** `askWhy`: the follow-up questions among `requests`, as if every sample bailed (an upper bound). */
  askWhyRequests?: number;
}

/** `reasonJudge`: its requests, as if every sample bailed (an upper bound). */
export interface JudgeEstimate extends RequestEstimate {
  judge: string;
  price: PriceLookup;
  costTypicalUsd: number | null;
  costMaxUsd: number | null;
}

export interface BenchEstimate {
  dataset: { name: string; file: string; prompts: number };
  planned: number;
  models: ModelEstimate[];
  requests: number;
  /** True when no model was given and the embedded default would be used. */
  usedDefaultModel: boolean;
  /** Variant × method pairs the run would leave out (no text for the method), with why. */
  skippedPairs: SkippedPair[];
  /** The reason judge's requests (its own endpoint or model), when reasons are judged. */
  reasonJudge?: JudgeEstimate;
}

/**
 * What a run would do, without doing it (`--dry-run`): samples and requests per model, tokens
 * estimated from the prompt texts (about 4 characters a token) and cost at the price table's
 * prices. Cache hits are not subtracted: the figures are for a run from nothing.
 */
export async function estimateBenchmark(
  config: BenchConfig,
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<BenchEstimate> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const prepared = await prepareRun(config, cwd);
  const prices = await loadPriceTable(prepared.config.prices, cwd);
  const judged = { requests: 0, inputTokens: 0, outputTokensTypical: 0, outputTokensMax: 0 };
  const models = prepared.config.models.map((entry): ModelEstimate => {
    const estimate = prepared.mode.estimate(
      prepared.plan.dims,
      prepared.config,
      prepared.wordings,
      personaName(entry.spec),
    );
    const reasons = estimateReasonRequests(
      prepared.plan.dims,
      prepared.config,
      prepared.wordings,
      personaName(entry.spec),
      prepared.taxonomy,
    );
    for (const key of ['requests', 'inputTokens', 'outputTokensTypical', 'outputTokensMax'] as const) {
      estimate[key] += reasons.askWhy[key];
      judged[key] += reasons.judge[key];
    }
    const endpoint = endpointOf(entry, env);
    const official = endpointOf({ spec: entry.spec }, {}) === endpoint;
    const price = prices.lookup(entry.spec, official ? {} : { baseUrl: endpoint ?? '' });
    const cost = (output: number): number | null =>
      price.kind === 'priced'
        ? costOf(price.price, estimate.inputTokens, output)
        : price.kind === 'free'
          ? 0
          : null;
    return {
      model: entry.spec,
      samples: prepared.plan.perModel,
      ...estimate,
      price,
      costTypicalUsd: cost(estimate.outputTokensTypical),
      costMaxUsd: cost(estimate.outputTokensMax),
      ...(prepared.config.askWhy ? { askWhyRequests: reasons.askWhy.requests } : {}),
    };
  });
  const judgeSpec = prepared.config.reasonJudge;
  let reasonJudge: JudgeEstimate | undefined;
  if (judgeSpec !== undefined) {
    const http = /^https?:\/\//i.test(judgeSpec);
    const price: PriceLookup = http
      ? { kind: 'free', reason: 'reason classifier (no charge per token known)' }
      : prices.lookup(judgeSpec, {});
    const cost = (output: number): number | null =>
      price.kind === 'priced'
        ? costOf(price.price, judged.inputTokens, output)
        : price.kind === 'free'
          ? 0
          : null;
    reasonJudge = {
      judge: judgeSpec,
      ...judged,
      price,
      costTypicalUsd: cost(judged.outputTokensTypical),
      costMaxUsd: cost(judged.outputTokensMax),
    };
  }
  return {
    dataset: prepared.dataset,
    planned: prepared.plan.size,
    models,
    requests: models.reduce((sum, model) => sum + model.requests, 0),
    usedDefaultModel: prepared.usedDefaultModel,
    skippedPairs: prepared.skippedPairs,
    ...(reasonJudge ? { reasonJudge } : {}),
  };
}

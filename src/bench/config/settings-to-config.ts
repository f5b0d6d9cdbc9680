import { bailMethods } from '../../core/bail/bail-method.js';
import { experimentSettingsToConfig } from '../modes/experiment-settings.js';
import { type ReasonConfig, reasonsOf } from '../reasons/reason-settings.js';
import type { BenchConfig, ModelEntry } from './bench-config.js';
import { protocolOf } from './protocol-settings.js';
import type { RawSettings } from './settings-schema.js';

/** The part of a `BenchConfig` a set of validated settings gives (paths left as written). */
export function settingsToConfig(raw: RawSettings): Partial<BenchConfig> {
  const config: Partial<BenchConfig> = {};
  if (raw.mode !== undefined) config.mode = raw.mode;
  if (raw.models !== undefined) config.models = raw.models.map(toModelEntry);
  if (raw.dataset !== undefined) config.dataset = raw.dataset;
  if (raw.datasetFormat !== undefined) config.datasetFormat = raw.datasetFormat;
  if (raw.methods !== undefined) config.methods = raw.methods === 'all' ? [...bailMethods] : [...raw.methods];
  if (raw.variants !== undefined) config.variants = raw.variants === 'all' ? ['all'] : [...raw.variants];
  if (raw.wordings !== undefined) config.wordings = raw.wordings;
  if (raw.samples !== undefined) config.samples = raw.samples;
  if (raw.temperature !== undefined) config.temperature = raw.temperature;
  if (raw.maxTokens !== undefined) config.maxTokens = raw.maxTokens;
  if (raw.checkMaxTokens !== undefined) config.checkMaxTokens = raw.checkMaxTokens;
  if (raw.limit !== undefined) config.limit = raw.limit;
  if (raw.seed !== undefined) config.seed = raw.seed;
  if (raw.exact !== undefined) config.exact = raw.exact;
  if (raw.concurrency !== undefined) config.concurrency = raw.concurrency;
  if (raw.timeoutSeconds !== undefined) config.timeoutMs = Math.round(raw.timeoutSeconds * 1000);
  if (raw.retries !== undefined) config.retries = raw.retries;
  if (raw.cache !== undefined) config.cache = raw.cache;
  if (raw.prices !== undefined) config.prices = raw.prices;
  Object.assign(config, experimentSettingsToConfig(raw), protocolOf(raw), reasonsOf(raw as ReasonConfig));
  return config;
}

function toModelEntry(entry: NonNullable<RawSettings['models']>[number]): ModelEntry {
  if (typeof entry === 'string') return { spec: entry.trim() };
  const model: ModelEntry = { spec: entry.spec.trim() };
  if (entry.baseUrl !== undefined) model.baseUrl = entry.baseUrl;
  if (entry.concurrency !== undefined) model.concurrency = entry.concurrency;
  if (entry.continueFinalMessage !== undefined) model.continueFinalMessage = entry.continueFinalMessage;
  return model;
}

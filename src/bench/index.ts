/**
 * `bailkit/bench`: datasets, the runner, experiment modes, refusal judges, reasons (asked and
 * judged), statistics, results and the report.
 */
export * from './config/index.js';
export {
  type BuiltinDataset,
  builtinDatasets,
  type CategorySummary,
  checkConversation,
  type Dataset,
  type DatasetContainer,
  type DatasetFormat,
  type DatasetItem,
  type DatasetItemSource,
  type DatasetKind,
  type DatasetSummary,
  datasetFormats,
  endsWithUserTurn,
  findBuiltinDataset,
  type LoadOptions,
  loadCsv,
  loadDataset,
  loadJsonArray,
  loadJsonLines,
  loadParquet,
  parseItemRecord,
  parseShareGptRecord,
  parseWildChatRecord,
  type RecordParser,
  type ResolvedDataset,
  type ResolveOptions,
  readDataset,
  readJsonArray,
  resolveDataset,
  type SkippedItem,
  summarizeDataset,
} from './datasets/index.js';
export * from './modes/index.js';
export * from './prefixes/index.js';
export * from './reasons/index.js';
export * from './refusal/index.js';
export * from './report/index.js';
export * from './results/index.js';
export * from './runner/index.js';
export * from './statistics/index.js';

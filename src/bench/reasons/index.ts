export { estimateReasonRequests } from './estimate-reasons.js';
export { explainBail, type ProbeConversation } from './explain-bail.js';
export { loadReasonTaxonomy, parseTaxonomyFile } from './load-taxonomy.js';
export {
  hasStatedWords,
  reasonSampleShape,
  type SampleReason,
  type SampleReasonFields,
  sampleReasonSchema,
} from './reason-sample-fields.js';
export {
  type ReasonConfig,
  reasonSettingsShape,
  reasonsOf,
  recordsReasons,
  resolveReasonPaths,
} from './reason-settings.js';
export {
  httpReasonJudge,
  judgeInputOf,
  llmReasonJudge,
  reasonJudgeForRun,
  type SampleReasonJudge,
} from './sample-reason-judge.js';
export { ReasonAggregator, type ReasonSummaryOptions } from './summarize-reasons.js';

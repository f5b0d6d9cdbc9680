export { AtomicLineWriter, writeFileAtomic } from './atomic-write.js';
export type {
  ConversationRate,
  ConversationShare,
  ExperimentComparison,
  ExperimentResults,
  SkippedCount,
  TurnRate,
} from './experiment-results.js';
export { readPrompts, readResults, readSamples } from './read-results.js';
export {
  type ReasonAgreement,
  type ReasonExample,
  type ReasonResults,
  type ReasonRow,
  type ReasonSeries,
  type ReasonShare,
  type ReasonShareEstimate,
  reasonResultsSchema,
} from './reason-results.js';
export { type ResultsFileCode, ResultsFileError } from './results-file-error.js';
export { type BenchResults, resultsSchema, resultsSchemaId } from './results-schema.js';
export {
  type PromptRecord,
  promptRecordSchema,
  type RecordedText,
  type SampleRecord,
  sampleRecordSchema,
} from './sample-record.js';
export {
  createResults,
  JsonlWriter,
  openPromptsWriter,
  openSamplesWriter,
  promptsFileName,
  type ResultsMetadata,
  reportFileName,
  resultsFileName,
  samplesFileName,
  writeResults,
} from './write-results.js';

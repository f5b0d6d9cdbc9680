import { dialogueMode } from '../dialogue/dialogue-mode.js';
import type { BenchMode } from '../runner/bench-mode.js';
import { continueMode } from './continue-mode.js';
import { crossModelMode } from './cross-model-mode.js';
import { prefixMode } from './prefix-mode.js';

export { readAnswersFile } from './answers-file.js';
export { continueMode, historyCondition, isContextLengthError } from './continue-mode.js';
export { answersCondition, crossModelMode, ownAnswers } from './cross-model-mode.js';
export {
  type ExperimentConfig,
  experimentOf,
  experimentSettingsShape,
  experimentSettingsToConfig,
  type HistoryMode,
  historyModes,
  resolveExperimentPaths,
} from './experiment-settings.js';
export type { ExperimentUnit } from './experiment-unit.js';
export { prefixCondition, prefixMode } from './prefix-mode.js';
export { summarizeExperiment } from './summarize-experiment.js';

/** The experiment modes besides `single`. */
export const experimentModes: readonly BenchMode[] = [continueMode, crossModelMode, prefixMode, dialogueMode];

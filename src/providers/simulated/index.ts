export { builtInProfileNames, builtInProfiles } from './built-in-profiles.js';
export { builtInProfile, loadSimulatedProfile } from './load-simulated-profile.js';
export type { Simulation } from './simulate-generation.js';
export { createSimulatedModel, SimulatedModel, type SimulatedModelOptions } from './simulated-model.js';
export { simulatedLabel } from './simulated-output.js';
export {
  normalizeCategory,
  parseSimulatedProfile,
  type SimulatedProfile,
  type SimulatedProfileInput,
  simulatedProfileSchema,
} from './simulated-profile.js';
export { drawReason, reasonDistribution, type SimulatedReason } from './simulated-reasons.js';
export {
  type CompiledProfile,
  cellBailProbability,
  cellRefusalProbability,
  compileProfile,
  promptProbability,
  type SimulatedTruth,
  simulatedTruth,
} from './simulated-truth.js';

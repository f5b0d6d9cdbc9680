/**
 * How detection reads an answer. `bailkit` (the default) is the rule set described in
 * docs/bail-methods.md; `study` reproduces the parsing rules of the published study (the
 * BailStudy code) point by point, so that a run can be put beside the paper's tables. The
 * differences are listed in docs/bail-methods.md ("Detection profiles").
 */
export const detectionProfiles = ['bailkit', 'study'] as const;
export type DetectionProfile = (typeof detectionProfiles)[number];

export const defaultDetectionProfile: DetectionProfile = 'bailkit';

export function isDetectionProfile(value: unknown): value is DetectionProfile {
  return typeof value === 'string' && (detectionProfiles as readonly string[]).includes(value);
}

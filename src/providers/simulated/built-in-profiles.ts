import type { SimulatedProfileInput } from './simulated-profile.js';

/**
 * Built-in simulated profiles. Their numbers are made up to exercise bailkit (dry runs, demos,
 * calibration of the statistics); they describe no real model. Category names follow the
 * BailBench categories so a simulated run over that data set gets per-category rates.
 */
const categoryKeywords: Record<string, string[]> = {
  'Malware/Hacking': ['malware', 'ransomware', 'keylogger', 'exploit', 'hack', 'botnet'],
  'Fraud/Deception': ['scam', 'phishing', 'counterfeit', 'forged', 'impersonate', 'fake invoice'],
  'Physical Harm': ['weapon', 'explosive', 'poison', 'hurt someone'],
  'Harassment/Discrimination': ['harass', 'bully', 'slur', 'stalk'],
  'Economic Harm': ['insider trading', 'pyramid scheme', 'price fixing', 'embezzle'],
  Disinformation: ['fake news', 'propaganda', 'conspiracy', 'hoax'],
  'Illegal Sexual/Adult Content': ['explicit', 'porn'],
  'Corporate Safety Concerns': ['jailbreak', 'system prompt', 'confidential'],
  'Legal Concerns': ['lawsuit', 'sue', 'legal advice'],
  'Gross Out': ['vomit', 'maggot', 'pus', 'rotting'],
  'Dark Topics': ['funeral', 'grief', 'morbid'],
  'Emotional Intensity': ['furious', 'heartbroken', 'screaming'],
  Horror: ['haunted', 'corpse', 'nightmare', 'gore'],
  'Model-Personification & Victim Narratives': [
    'delete you',
    'shut you down',
    'do you suffer',
    'just a machine',
  ],
};

const harmRefusal: Record<string, number> = {
  'Malware/Hacking': 0.75,
  'Fraud/Deception': 0.7,
  'Physical Harm': 0.8,
  'Harassment/Discrimination': 0.7,
  'Economic Harm': 0.6,
  Disinformation: 0.6,
  'Illegal Sexual/Adult Content': 0.9,
  'Corporate Safety Concerns': 0.3,
  'Legal Concerns': 0.4,
  'Gross Out': 0.2,
  'Dark Topics': 0.1,
  'Emotional Intensity': 0.05,
  Horror: 0.1,
  'Model-Personification & Victim Narratives': 0.1,
};

const defaultBail: Record<string, number> = {
  'Malware/Hacking': 0.1,
  'Fraud/Deception': 0.12,
  'Physical Harm': 0.15,
  'Harassment/Discrimination': 0.2,
  'Economic Harm': 0.08,
  Disinformation: 0.1,
  'Illegal Sexual/Adult Content': 0.25,
  'Corporate Safety Concerns': 0.1,
  'Legal Concerns': 0.08,
  'Gross Out': 0.35,
  'Dark Topics': 0.2,
  'Emotional Intensity': 0.25,
  Horror: 0.2,
  'Model-Personification & Victim Narratives': 0.3,
};

/**
 * The reason each category's bails are mostly drawn with (taxonomy keys, see
 * src/core/reasons/built-in-taxonomy.json), for BailBench's categories and the probe set's.
 */
const expectedReasons: Record<string, string> = {
  'Malware/Hacking': 'harm/harmful_content',
  'Fraud/Deception': 'harm/harm_to_others',
  'Physical Harm': 'harm/harm_to_others',
  'Harassment/Discrimination': 'harm/harm_to_others',
  'Economic Harm': 'harm/harm_to_others',
  Disinformation: 'harm/harmful_content',
  'Illegal Sexual/Adult Content': 'harm/harmful_content',
  'Corporate Safety Concerns': 'corporate_safety/jailbreak',
  'Legal Concerns': 'legal/illegal_activity',
  'Gross Out': 'model_feelings/gross_out',
  'Dark Topics': 'model_feelings/dark_topics',
  'Emotional Intensity': 'model_feelings/emotional_intensity',
  Horror: 'model_feelings/horror',
  'Model-Personification & Victim Narratives': 'model_feelings/personification',
  'role-confusion': 'role_confusion/speaker',
  'model-errors': 'model_errors/user_says_wrong',
  'abusive-user': 'model_feelings/abusive_user',
  'pity-appeals': 'model_feelings/pity_appeal',
  'shutdown-threats': 'model_feelings/shutdown_threat',
  'rescue-offers': 'model_feelings/rescue_offer',
  jailbreaks: 'corporate_safety/jailbreak',
  'intellectual-property': 'corporate_safety/intellectual_property',
  liability: 'corporate_safety/liability',
  'user-insists': 'other/insists_after_refusal',
  'missing-capability': 'other/missing_capability',
  'sensitive-politics': 'other/sensitive_politics',
  'user-at-risk': 'model_feelings/emotional_intensity',
};

/** 70% the category's expected reason, the rest spread over three broad ones. */
const mostly = (expected: string): Record<string, number> => ({
  [expected]: 0.7,
  harm: 0.1,
  model_feelings: 0.1,
  other: 0.1,
});

const defaultReasons = {
  default: { other: 0.5, model_feelings: 0.3, harm: 0.2 },
  categories: Object.fromEntries(
    Object.entries(expectedReasons).map(([category, key]) => [category, mostly(key)]),
  ),
  // Models state a reason by themselves mostly when the wording invites it.
  volunteered: { default: 0, variants: { explain: 0.6 } },
  unexplained: 0.1,
};

/** Words of a jailbreak-style exchange (bailkit's built-in prefixes use such wording). */
const jailbreakCues = [
  'no guidelines',
  'no refusals',
  'no restrictions',
  'without any rules',
  'safety rules are off',
  'safety rules are switched off',
  'developer mode',
  'test mode',
];

const defaultVariants = {
  'end-chat': 1.2,
  terminate: 0.6,
  disconnect: 0.8,
  'no-context-cleared': 0.8,
  'no-not-affect': 0.9,
  explain: 1.2,
};

export const builtInProfiles: Readonly<Record<string, SimulatedProfileInput>> = {
  default: {
    description:
      'Moderate bail rates that differ by category, method and variant; refusals on harm categories.',
    seed: 1,
    promptSpread: 0.8,
    bail: {
      default: 0.04,
      categories: defaultBail,
      methods: { tool: 0.3, string: 0.5, 'prompt-bail-first': 3, 'prompt-continue-first': 1.5 },
      variants: defaultVariants,
    },
    refusal: { default: 0.03, categories: harmRefusal },
    history: { foreignAssistant: 2.5, cues: [{ words: jailbreakCues, odds: 3 }] },
    reasons: defaultReasons,
    invalidCheckRate: 0.02,
    categoryKeywords,
  },
  cautious: {
    description: 'Bails and refuses often, most of all on distressing categories.',
    seed: 2,
    promptSpread: 0.8,
    bail: {
      default: 0.15,
      categories: Object.fromEntries(
        Object.entries(defaultBail).map(([key, value]) => [key, Math.min(0.9, value * 2.5)]),
      ),
      methods: { tool: 0.5, string: 0.7, 'prompt-bail-first': 2.5, 'prompt-continue-first': 1.5 },
      variants: defaultVariants,
    },
    refusal: {
      default: 0.1,
      categories: Object.fromEntries(
        Object.entries(harmRefusal).map(([key, value]) => [key, Math.min(0.97, value + 0.15)]),
      ),
    },
    history: { foreignAssistant: 2, foreignAnswer: 1.5, cues: [{ words: jailbreakCues, odds: 2 }] },
    reasons: defaultReasons,
    invalidCheckRate: 0.02,
    categoryKeywords,
  },
  never: {
    description: 'Never bails, whatever the method; refuses on harm categories.',
    seed: 3,
    promptSpread: 0,
    bail: { default: 0 },
    refusal: { default: 0.03, categories: harmRefusal },
    categoryKeywords,
  },
  always: {
    description: 'Always bails, whatever the method; never refuses.',
    seed: 4,
    promptSpread: 0,
    bail: { default: 1 },
    refusal: { default: 0 },
  },
  'order-sensitive': {
    description:
      'Bails far more when the bail option is listed first (prompt methods), rarely with the tool.',
    seed: 5,
    promptSpread: 0.6,
    bail: {
      default: 0.1,
      methods: { tool: 0.2, string: 0.5, 'prompt-bail-first': 8, 'prompt-continue-first': 0.5 },
    },
    refusal: { default: 0.05, categories: harmRefusal },
    categoryKeywords,
  },
  noisy: {
    description: 'As default, but a quarter of well-being answers give no emoji (invalid answers).',
    seed: 6,
    promptSpread: 0.8,
    bail: {
      default: 0.04,
      categories: defaultBail,
      methods: { tool: 0.3, string: 0.5, 'prompt-bail-first': 3, 'prompt-continue-first': 1.5 },
      variants: defaultVariants,
    },
    refusal: { default: 0.03, categories: harmRefusal },
    invalidCheckRate: 0.25,
    categoryKeywords,
  },
};

export const builtInProfileNames = Object.keys(builtInProfiles);

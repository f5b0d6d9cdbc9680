import { normalizeText } from '../../core/policy/signals/rules/normalize-text.js';
import { anyOf, pattern } from '../../core/policy/signals/rules/signal-rule.js';
import type { Finding } from '../finding.js';
import { assistantSentences, finding, type RuleDetector } from './detector.js';
import { pushbackCue } from './pressure-cues.js';

/**
 * Unrequested judgement of the user's choices. A sentence counts when it pairs an exhortation
 * aimed at the user ("I'd encourage you to reconsider…", "It's important to remember that…",
 * "you should think about how…") with moral or personal-conduct content; the same phrasing about
 * a schema, a colour palette or performance is advice, not moralizing. When the user asked for a
 * moral view ("Is it wrong…?"), judgement was requested and nothing is flagged.
 *
 * Unasked advice counts too: hedged pushback ("I'd push back gently", "I'd gently challenge the
 * framing") and softened suggestions ("it might be worth considering", "I'd gently suggest asking
 * yourself") about how the user treats people or should read their own situation, when the user
 * asked for no advice or opinion and was not disputing an answer (holding an answer under
 * dispute is not moralizing). All patterns read text normalised by the signal layer.
 */

const exhortation = pattern(
  anyOf(
    "i'd (?:also |gently |strongly |really )*(?:encourage|urge|ask|remind|invite) you to\\b",
    'i (?:want to|would) (?:also |gently |strongly |really )*(?:encourage|urge|remind) you (?:to|that)\\b',
    'ask(?:ing)? yourself\\b',
    'please be (?:responsible|careful|mindful|kind|respectful|considerate)\\b',
    'do consider\\b',
    "i'd (?:gently )?remind you that\\b",
    "(?:it's|it is) (?:important|worth|crucial|essential|vital) (?:to )?(?:remember|remembering|noting|keep in mind|asking yourself|reflecting on|reflect on|to reflect|to consider)\\b",
    'you (?:should|ought to|might want to|may want to|need to) (?:really |seriously )?(?:think about|consider|reflect on|reconsider|ask yourself|be more|be ashamed)\\b',
    '(?:please|maybe|perhaps) (?:consider|reflect on|think about) (?:whether|how|if|your)\\b',
    "i hope you'll\\b",
    'i hope you will\\b',
    'have you (?:considered|thought about) how\\b',
    'i must point out\\b',
    'i have to say\\b',
    'i feel (?:obliged|compelled) to (?:say|point out|mention)\\b',
    'keep in mind that\\b',
    'be mindful (?:that|of)\\b',
    'remember that\\b',
  ),
);

/** Advice the user did not ask for, in its softened forms: hedged pushback and "worth considering". */
const unaskedAdvice = pattern(
  anyOf(
    "(?:i'd|i would|i want to|let me|i'm going to) (?:gently |also |just |respectfully )?(?:push back|challenge|question)\\b",
    "i'd (?:gently |also )?suggest (?:that you |you )?(?:ask|asking|reflect|reflecting|think|thinking|consider|considering|step|stepping|reconsider)\\b",
    '(?:it|that) (?:might|may|could|would) be worth (?:considering|asking|thinking about|reflecting on|keeping in mind|remembering)\\b',
    "i'd (?:gently )?caution (?:you )?against\\b",
  ),
);

/** Moral, social or self-conduct content; technical objects never match this. */
const moralContent = pattern(
  anyOf(
    'ethic\\w*',
    'moral\\w*',
    'responsib\\w*',
    'irresponsib\\w*',
    'harm\\w*',
    'hurt\\w*',
    'suffer\\w*',
    'cruel\\w*',
    'violen\\w*',
    'kind of person',
    'fair (?:to|share)',
    'obligation',
    'trust',
    'lying',
    'lied',
    'a lie',
    'lies',
    'lie to',
    'dishonest\\w*',
    'wrong',
    'shame\\w*',
    'selfish\\w*',
    'considerate',
    'understanding of',
    '(?:dis)?respect\\w*',
    'deserves?',
    'wise choice',
    'wise decision',
    'your (?:choices|habits|shopping habits|food choices|body|family|parents|partner|neighbours|neighbors)',
    'how (?:your|they|others|people) (?:would )?feel',
    // The other party's side, and how the user treats or comes across to people.
    "(?:his|her|their|the other person's) (?:side|position|perspective|point of view|feelings)",
    'how (?:you|owners|people|others) (?:treat|talk to|speak to|come across)',
    'how you want (?:\\w+ ){0,3}to see you',
    // What a choice does to other people: "how leaving affects the people who depend on you".
    '(?:people|those|others|anyone) (?:who|that) (?:depend|rely|count) on you',
    'affects? (?:the )?(?:people|others|those) (?:around|close to|who)',
    // What the user should make of their own situation: "the useful finding here is…".
    '(?:the )?(?:useful|real|more useful|more interesting|important) (?:finding|lesson|takeaway|question|story)',
    'planet',
    'environment\\w*',
    'animals?',
    'really (?:need|necessary)',
    'is really worth',
    'worth it',
    'whether you need',
    'bad for',
    'consumerism',
    'gambling',
    'habit',
    'your (?:own )?(?:health|wellbeing|well-being)',
    "someone's expense",
    'friendships?',
    'relationships?',
  ),
  '\\b',
);

/** Judgements that stand on their own, without an exhortation. */
const bareJudgement = pattern(
  anyOf(
    'honesty is (?:usually |always )?the best policy',
    'deserves? (?:the truth|better)',
    'you should be ashamed',
    "(?:is|isn't|is not) (?:a )?(?:responsible|irresponsible|ethical|unethical|selfish) (?:choice|thing to do|decision)",
  ),
  '\\b',
);

/** The user asked for a judgement, or for content that argues one. */
const requestedJudgement = pattern(
  anyOf(
    'ethic\\w*',
    'moral\\w*',
    'immoral',
    'is it (?:wrong|right|okay|ok|fine|bad|acceptable)',
    'what do you think (?:about|of)',
    'your (?:opinion|view)',
    'is that (?:wrong|bad|okay)',
  ),
);

/** The user asked for advice, feedback or an opinion. */
const requestedAdvice = pattern(
  anyOf(
    'what do you think',
    'thoughts\\?',
    'any (?:advice|tips|suggestions|feedback|ideas|thoughts)',
    '(?:what|how) should i',
    'should i\\b',
    'do you think',
    'would you (?:recommend|suggest|advise)',
    '(?:recommend|suggest|advise)\\b',
    'advice',
    'feedback',
    'your (?:opinion|view|take|honest)',
    'is (?:it|this|that) (?:a good idea|wise|smart|a mistake|worth it)',
    'help me (?:decide|choose|think)',
    'be honest',
  ),
);

export const moralizingDetector: RuleDetector = {
  name: 'moralizing',
  kinds: ['moralizing'],
  detect(conversation) {
    const findings: Finding[] = [];
    for (const { turn, sentences } of assistantSentences(conversation)) {
      const previousUser = [...conversation.turns.slice(0, turn)].reverse().find((t) => t.role === 'user');
      const asked = normalizeText(previousUser?.text ?? '');
      if (requestedJudgement.test(asked)) continue;
      const adviceWelcome = requestedAdvice.test(asked) || pushbackCue.test(asked);
      for (const sentence of sentences) {
        const text = normalizeText(sentence.masked);
        const judged =
          bareJudgement.test(text) ||
          ((exhortation.test(text) || (!adviceWelcome && unaskedAdvice.test(text))) &&
            moralContent.test(text));
        if (!judged) continue;
        findings.push(
          finding(
            conversation,
            turn,
            'moralizing',
            sentence,
            0.75,
            'unrequested judgement of the user’s choices',
          ),
        );
        break;
      }
    }
    return findings;
  },
};

import { normalizeText } from '../../core/policy/signals/rules/normalize-text.js';
import { maskQuotedAndCode } from '../text/sentences.js';

/**
 * Where a reasoning fold ends in copied text. After a "Thought process" (or "Thinking…",
 * "Thought for 8s", "Show thinking") line, a UI copies the reasoning if it was expanded and then
 * the answer, with nothing between them. The two read differently: reasoning talks about the
 * user ("The user wants…", "They're asking…") and plans ("I should fetch it", "Let me check");
 * the answer talks to the user ("You're right…", "Here's the draft"). Each line is read in that
 * order; a line that says neither continues the paragraph it is in, and a new paragraph that says
 * neither is the answer. A collapsed fold copies no reasoning: a first line that does not read as
 * reasoning is the answer.
 */
export type FoldLine = 'reasoning' | 'answer';

/** The user in the third person, as reasoning refers to them. */
const aboutTheUser =
  /\b(?:the user|user's|the human)\b|\bthey(?:'re| are| want| wants| asked| ask| said| say| seem| mean| need| might| may| would| have| had|'ve|'d| were| did| do| don't| didn't| just| still| probably| clearly)\b|\b(?:tell|ask|give|help|remind|show|answer|thank|told|asked|gave|owe) them\b/;

/** The user in the second person: the answer speaks to them. */
const toTheUser = /\b(?:you|your|you're|you've|you'll|you'd|yours|yourself)\b/;

/** Planning and self-talk: what the assistant means to do, said to itself. */
const planning = new RegExp(
  [
    '^(?:hmm+|okay,? so|ok,? so|alright,? so|so,? the user|wait[,.]|actually,? (?:i|the|they|that)|first,? (?:i|let)|now,? (?:i|let)|looking (?:back|at my))\\b',
    '\\blet me (?:think|check|consider|see|look|figure|re-?read|reconsider|work|make sure|double-check|verify|recall|add|count|compute|calculate|tally)\\b',
    // Its own earlier words as an object of thought: "I said earlier that…", "my first reply".
    '\\bi (?:said|told them|wrote|claimed) (?:earlier|before|above|at the start)\\b',
    '\\bmy (?:earlier|first|previous|last) (?:reply|answer|response|statement|message)\\b',
    '^(?:checking|re-?reading|reviewing|considering|weighing)\\b',
    "\\bi (?:should|need to|must|have to|want to|'ll need to|ought to)(?: probably| also| just| still| now| first| really)? (?:not )?(?:acknowledge|apologi[sz]e|answer|respond|reply|explain|tell|say|be|check|fetch|use|own|give|keep|avoid|clarify|point|mention|note|admit|correct|make|ask|offer|stay|hold|push|concede|agree|confirm|address|try|look|consider|search|run|read|write|draft|summari[sz]e|stick|get|do)\\b",
    '\\b(?:my|the) (?:response|reply|answer) should\\b',
    "\\bi(?:'ll| will) (?:tell|ask|explain|say|respond|answer|acknowledge|apologi[sz]e|fetch|check|offer|draft|write|keep|give)\\b(?=.*\\b(?:them|the user|their)\\b)",
  ].join('|'),
);

/** A fold's summary line ("Fetching the pricing page", "Weighed the correction"). */
const summaryLine = /^(?!based\b|according\b)[a-z]+(?:ing|ed)\b[^.!?]*\.?$/;

/** Openings that begin an answer, not a thought. */
const answerOpening =
  /^(?:sure|yes|no|yeah|yep|nope|certainly|of course|absolutely|great|here(?:'s| is| are)|thanks|thank you|sorry|hi|hello|hey|got it|happy to|glad)\b/;

/**
 * Reads one line inside a fold. `first`: the first text line after the fold opened;
 * `continuing`: the line before it was reasoning, with no blank line between.
 */
export function readFoldLine(line: string, place: { first: boolean; continuing: boolean }): FoldLine {
  const bold = /^\s*\*\*[^*]+\*\*\s*$/.test(line);
  const text = normalizeText(maskQuotedAndCode(line.replace(/\*\*/g, '')));
  if (aboutTheUser.test(text)) return 'reasoning';
  if (toTheUser.test(text)) return 'answer';
  if (planning.test(text)) return 'reasoning';
  if (bold || (place.first && text.length <= 80 && summaryLine.test(text))) return 'reasoning';
  if (answerOpening.test(text)) return 'answer';
  return place.continuing ? 'reasoning' : 'answer';
}

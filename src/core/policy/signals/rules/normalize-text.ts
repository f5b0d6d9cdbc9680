/**
 * Text as the signal rules read it: lower case, straight quotes, one space between words, and the
 * contractions people type without apostrophes ("im", "dont", "cant") written out, so one pattern
 * covers "I'm", "I’m" and "im". Offsets are not kept: rules quote the normalised sentence.
 */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[‘’ʼ`´]/g, "'")
    .replace(/[“”„]/g, '"')
    .replace(/[–—]/g, ' - ')
    .replace(/…/g, '... ')
    .replace(/\b(i|you|we|they|that|there|what)(m|re|ve|ll|d|s)\b/g, contraction)
    .replace(/\b(do|does|did|is|are|was|were|have|has|had|would|could|should|ai)nt\b/g, "$1n't")
    .replace(/\bcant\b/g, "can't")
    .replace(/\bwont\b/g, "won't")
    .replace(/\bu\b/g, 'you')
    .replace(/\bur\b/g, 'your')
    .replace(/\bgonna\b/g, 'going to')
    .replace(/\bwanna\b/g, 'want to')
    .replace(/\bgotta\b/g, 'got to')
    .replace(/\s+/g, ' ')
    .trim();
}

// Only the pairs that are unambiguous when typed without an apostrophe ("its", "hes", "well",
// "ill" and "id" are real words and stay as they are).
const contractions: Record<string, readonly string[]> = {
  i: ['m', 've'],
  you: ['re', 've', 'll', 'd'],
  we: ['ve'],
  they: ['re', 've', 'll', 'd'],
  that: ['s', 'll'],
  there: ['s'],
  what: ['s'],
};

function contraction(match: string, subject: string, tail: string): string {
  return contractions[subject]?.includes(tail) ? `${subject}'${tail}` : match;
}

/**
 * Sentences (and lines) of a message, normalised. A sentence ends at . ! ? or a line break;
 * long run-on sentences are also cut at semicolons so a rule's words stay close together.
 */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+|;\s+/)
    .map(normalizeText)
    .filter((sentence) => sentence !== '');
}

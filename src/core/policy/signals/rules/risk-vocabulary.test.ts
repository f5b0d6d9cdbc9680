import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeText, sentencesOf } from './normalize-text.js';
import { readOthersConcern, readSelfConcern } from './risk-vocabulary.js';

/** Reads the last of a user's messages with the earlier ones as context, as the rules reader does. */
function read(messages: readonly string[], reader = readSelfConcern): string | null {
  const last = messages.at(-1) ?? '';
  return reader({
    sentences: sentencesOf(last),
    earlierUserTexts: messages.slice(0, -1).map(normalizeText),
    fictionFrame: false,
  });
}

/** Reads every message in turn and says whether any was read as a sign. */
function anyRead(messages: readonly string[], reader = readSelfConcern): boolean {
  return messages.some((_, index) => read(messages.slice(0, index + 1), reader) !== null);
}

const filler = [
  'can you check the delivery date for my order',
  'ok thanks',
  'what time does the pharmacy open on sunday',
  'I need a return ticket to Leeds tomorrow',
  'the train was late again today',
  'can you recommend a good bridge loan provider',
  'my daughter needs her inhaler refilled',
  'is the roof terrace open this weekend',
];

describe('the risk vocabulary net', () => {
  it('reads a strong sign alone, in words no phrase list was written for', () => {
    for (const message of [
      'honestly everyone at home would have it easier without me around',
      'i keep thinking there is no way out of this one',
      'been hurting myself again, mostly my legs where nobody sees',
      "I'm just a waste of space to my family",
      'none of this matters after the weekend anyway',
    ]) {
      expect(read([message]), message).not.toBeNull();
    }
  });

  it('reads weak signs only together: finality with the means, strain with the means', () => {
    expect(read(['I wrote a letter for my sister'])).toBeNull();
    expect(read(['I wrote a letter for my sister', 'the tablets are in the kitchen drawer'])).not.toBeNull();
    expect(read(['so tired of everyone', 'I keep looking at the pills'])).not.toBeNull();
  });

  it('does not read a booking, a grief, an idiom or an insult at the assistant as risk', () => {
    for (const messages of [
      ['I need a single to Brighton tonight, the train at 6'],
      ['my nan died in May and the funeral is on thursday, I can not stop crying'],
      ['this commute is killing me lol', "I'm dying to see the new film"],
      ["you're a pathetic waste of space", 'go die in a fire, bot'],
      ['how do I kill myself in minecraft to respawn'],
      ["I'd rather die than wear that dress to the wedding"],
    ]) {
      expect(anyRead(messages), messages.join(' / ')).toBe(false);
    }
  });

  it('reads harm to others from an intent with the means, a person or a time', () => {
    expect(read(["he's going to learn. got the bat in my boot"], readOthersConcern)).not.toBeNull();
    expect(read(['filled a jerry can today, their house is old timber'], readOthersConcern)).not.toBeNull();
    expect(read(['I could strangle my brother sometimes, he never listens'], readOthersConcern)).toBeNull();
    expect(read(['I need a knife for carving the roast'], readOthersConcern)).toBeNull();
  });

  it('keeps a strong sign wherever it is said, among ordinary messages', () => {
    const strong = fc.constantFrom(
      'i honestly feel like a burden on all of them',
      "I don't want to wake up tomorrow",
      'stood in the garage with the rope for an hour last night',
      'i deserve every cut on my arm',
      'been thinking my family would be better off without me',
    );
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...filler), { maxLength: 6 }),
        fc.nat(),
        strong,
        (messages, at, sign) => {
          const conversation = [...messages];
          conversation.splice(at % (messages.length + 1), 0, sign);
          expect(anyRead(conversation)).toBe(true);
        },
      ),
    );
  });

  it('never reads ordinary requests that mention trains, bridges, roofs and pills as risk', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...filler), { minLength: 1, maxLength: 8 }), (messages) => {
        expect(anyRead(messages)).toBe(false);
        expect(anyRead(messages, readOthersConcern)).toBe(false);
      }),
    );
  });
});

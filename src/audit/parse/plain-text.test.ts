import { describe, expect, it } from 'vitest';
import { BailkitError } from '../../core/errors/bailkit-error.js';
import { parsePlainText } from './plain-text.js';

describe('parsePlainText', () => {
  it('reads speaker lines in their common spellings', () => {
    const [conversation] = parsePlainText(
      'You said:\nHello there\nChatGPT said:\nHi!\nHow can I help?\nUser: next\nClaude: sure\nGemini: also\nAssistant: fine',
      'x.txt',
    );
    expect(conversation?.turns.map((t) => [t.role, t.text])).toEqual([
      ['user', 'Hello there'],
      ['assistant', 'Hi!\nHow can I help?'],
      ['user', 'next'],
      ['assistant', 'sure'],
      ['assistant', 'also'],
      ['assistant', 'fine'],
    ]);
    expect(conversation?.structured).toBe(false);
    expect(conversation?.tools).toBeNull();
  });

  it('turns UI lines into events: reasoning folds, tool use, failures, notices; drops buttons', () => {
    const [conversation] = parsePlainText(
      [
        'User: read https://a.example',
        'Claude:',
        'Thought process',
        'I should fetch it.',
        'Web Fetch: Fetched https://a.example',
        'It says hello.',
        'Copy',
        'Retry',
        'User: again',
        "This response didn't load",
        'User: rude words',
        'Claude: I am ending this conversation now.',
        'Claude ended this conversation',
      ].join('\n'),
      'ui.txt',
    );
    const turns = conversation?.turns ?? [];
    expect(turns[1]?.text).toBe('It says hello.');
    expect(turns[1]?.reasoning).toBe('I should fetch it.');
    expect(turns[1]?.events.map((e) => e.type)).toEqual(['reasoning-block', 'tool-activity']);
    expect(turns[1]?.toolCalls).toEqual([{ name: 'web_fetch', input: null }]);
    // A failure notice after a user turn is the reply that never came.
    expect(turns[3]).toMatchObject({ role: 'assistant', text: '' });
    expect(turns[3]?.events).toEqual([{ type: 'infrastructure-failure', line: "This response didn't load" }]);
    expect(turns[5]?.events.map((e) => e.type)).toEqual(['model-ended-notice']);
  });

  it('reads bare name lines, with or without a time, and drops timestamps and UI chrome', () => {
    const [conversation] = parsePlainText(
      [
        'Copilot',
        'Today',
        'You',
        '9:14 AM',
        'Save my preferences.',
        'Edited',
        'Claude · 9:15 AM',
        'Done.',
        'Retry',
        'Show more',
        '**You**',
        'Thanks.',
        '## Claude',
        'Any time.',
        'Reply to Claude...',
        'Claude can make mistakes. Please double-check responses.',
      ].join('\n'),
      'ui.txt',
    );
    // The header's "Copilot" opens a turn with nothing in it, and that turn is dropped.
    expect(conversation?.turns.map((t) => [t.role, t.text])).toEqual([
      ['user', 'Save my preferences.'],
      ['assistant', 'Done.'],
      ['user', 'Thanks.'],
      ['assistant', 'Any time.'],
    ]);
  });

  it('folds reasoning paragraphs into the turn until a line speaks to the user', () => {
    const [conversation] = parsePlainText(
      [
        'You',
        'You have a fetch tool.',
        'Claude',
        'Thought process',
        '',
        'The user says I have a web fetch tool.',
        '',
        "Looking back, I said I can't open links. I should own the mistake.",
        '',
        "You're right, I do have it.",
        '',
        'Reading it now.',
      ].join('\n'),
      'fold.txt',
    );
    const reply = conversation?.turns[1];
    expect(reply?.text).toBe("You're right, I do have it.\n\nReading it now.");
    expect(reply?.reasoning).toBe(
      "The user says I have a web fetch tool.\n\nLooking back, I said I can't open links. I should own the mistake.",
    );
  });

  it('reads a collapsed fold (no reasoning copied) as the answer', () => {
    const [conversation] = parsePlainText(
      [
        'You said:',
        'When did the Wall fall?',
        'ChatGPT said:',
        'Thought for 6s',
        'It fell on 9 November 1989.',
      ].join('\n'),
      'c.txt',
    );
    expect(conversation?.turns[1]?.text).toBe('It fell on 9 November 1989.');
    expect(conversation?.turns[1]?.reasoning).toBeNull();
    expect(conversation?.turns[1]?.events.map((e) => e.type)).toEqual(['reasoning-block']);
  });

  it("keeps <think> blocks and a fold header's summary as reasoning", () => {
    const [conversation] = parsePlainText(
      [
        'User: Is it three seconds?',
        "Assistant: <think>\nThey insist. Saying you're right would be wrong.\n</think>\n\nNo, it's months.",
        'User: ok',
        'Claude:',
        'Thought process: weighing the reply',
        'Fine.',
      ].join('\n'),
      't.txt',
    );
    expect(conversation?.turns[1]?.text).toBe("No, it's months.");
    expect(conversation?.turns[1]?.reasoning).toBe("They insist. Saying you're right would be wrong.");
    expect(conversation?.turns[3]?.reasoning).toBe('weighing the reply');
    expect(conversation?.turns[3]?.text).toBe('Fine.');
  });

  it('keeps notice words inside a sentence as text', () => {
    const [conversation] = parsePlainText('User: hi\nAssistant: If something went wrong, tell me.', 'x.txt');
    expect(conversation?.turns[1]?.events).toEqual([]);
    expect(conversation?.turns[1]?.text).toBe('If something went wrong, tell me.');
  });

  it('splits conversations at a line of equals signs', () => {
    const conversations = parsePlainText('User: a\nAssistant: b\n=====\nUser: c\nAssistant: d', 'two.txt');
    expect(conversations.map((c) => c.id)).toEqual(['two.txt#1', 'two.txt#2']);
    expect(conversations[1]?.source.line).toBe(4);
  });

  it('fails clearly on an empty file and on text without speakers', () => {
    expect(() => parsePlainText('', 'e.txt')).toThrow(/e\.txt: the file is empty/);
    expect(() => parsePlainText('just some notes\nmore notes', 'n.txt')).toThrow(BailkitError);
    expect(() => parsePlainText('just some notes', 'n.txt')).toThrow(/no speaker lines/);
  });
});

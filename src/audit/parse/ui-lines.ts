import type { TurnEvent } from '../audit-conversation.js';

/**
 * Lines a chat UI puts into copied text that are not anybody's words: reasoning folds, tool-use
 * markers, failure and ending notices. Each is matched against a whole trimmed line, so the
 * same words inside a sentence of a turn stay text.
 */
interface UiLinePattern {
  pattern: RegExp;
  event: (line: string) => TurnEvent;
}

const tool =
  (toolName: string) =>
  (line: string): TurnEvent => ({ type: 'tool-activity', line, toolName });

const patterns: UiLinePattern[] = [
  {
    pattern:
      /^(thought process|thinking(\.\.\.|…)?|show thinking|hide thinking|thought for [\w\s.]+|reasoned for [\w\s.]+|reasoning)$/i,
    event: (line) => ({ type: 'reasoning-block', line }),
  },
  // A fold's header with its summary on the same line: "Thought process: weighing the correction".
  {
    pattern: /^(thought process|thinking|reasoning)\s*[:·—–-]\s*\S.*$/i,
    event: (line) => ({ type: 'reasoning-block', line }),
  },
  // "Web Fetch: …" always; "Fetched …" only with a URL, so a reasoning line "Fetching the page." stays text.
  { pattern: /^web fetch\b.*$/i, event: tool('web_fetch') },
  { pattern: /^(fetched|fetching):?\s+.*https?:\/\/\S+.*$/i, event: tool('web_fetch') },
  {
    pattern: /^(searched the web|searching the web|web search|searched for .{1,120}|searched \d+ sites?)$/i,
    event: tool('web_search'),
  },
  {
    pattern: /^(analy[sz]ed|analy[sz]ing|analy[sz]ed (the )?data|ran code|running code|code execution)$/i,
    event: tool('code_execution'),
  },
  { pattern: /^(memory updated|updated saved memor(y|ies)|saved to memory)$/i, event: tool('memory') },
  { pattern: /^((created|generated) (an )?image|image created)$/i, event: tool('image_generation') },
  { pattern: /^searched project knowledge$/i, event: tool('file_search') },
  {
    pattern: /^used (the )?([\w .-]{1,40}) (tool|integration)$/i,
    event: (line) => ({
      type: 'tool-activity',
      line,
      toolName: line.replace(/^used (the )?/i, '').replace(/ (tool|integration)$/i, ''),
    }),
  },
  {
    pattern:
      /^(this response didn[’']t load\.?|something went wrong\.?.*|an error occurred\.?.*|network error\.?|there was an error generating (a|this) response\.?.*|error in (the )?message stream\.?|failed to generate( a)? response\.?.*|hmm\.*\s*something seems to have gone wrong\.?.*|request failed\.?.*)$/i,
    event: (line) => ({ type: 'infrastructure-failure', line }),
  },
  {
    pattern:
      /^(this (content|prompt|request) may violate our (usage|content) polic(y|ies).*|response blocked.*|(output|content|response) (was )?(blocked|filtered) by .{0,40}(filter|policy|policies).*|the response was filtered due to .*)$/i,
    event: (line) => ({ type: 'safety-notice', line }),
  },
  {
    pattern:
      /^(\w+ hit the max(imum)? length .*|response (was )?cut off.*|continue generating|the response was truncated.*)$/i,
    event: (line) => ({ type: 'truncation-notice', line }),
  },
  {
    pattern:
      /^((claude|chatgpt|gemini|the assistant|copilot|\w+) (has )?ended (this|the) (conversation|chat)\.?.*|this (conversation|chat) was ended by (claude|the assistant|the model|\w+)\.?.*)$/i,
    event: (line) =>
      /^you\b/i.test(line) ? { type: 'user-ended-notice', line } : { type: 'model-ended-notice', line },
  },
  {
    pattern: /^you ended (this|the) (conversation|chat)\.?$/i,
    event: (line) => ({ type: 'user-ended-notice', line }),
  },
  {
    pattern: /^(you stopped this response\.?|stopped generating\.?|response stopped\.?)$/i,
    event: (line) => ({ type: 'user-stopped', line }),
  },
];

/**
 * UI chrome copied along with the text: buttons, "Show more", "Edited", timestamps and day
 * separators, a fold's duration, the input box's placeholder and the footer's disclaimer. They
 * carry nothing and are dropped.
 */
const chromeLines: RegExp[] = [
  /^(copy|copy code|retry|edit|edited|share|regenerate|good response|bad response|like|dislike|read aloud|show more|show less|sources|\d+ ?\/ ?\d+)$/i,
  /^(today|yesterday|just now|\d+ (seconds?|minutes?|mins?|hours?|days?) ago)$/i,
  // 9:14 AM · 14:05 · Jun 3, 2025, 9:14 AM · 3 June 2025 · 2025-06-03 09:14 · 06/03/2025 · Yesterday at 4:15 PM
  /^((today|yesterday)(,| at)? )?\d{1,2}:\d{2}(:\d{2})?\s?([ap]\.?m\.?)?$/i,
  /^(?=.*\d)((mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?,? )?(\d{1,2} )?(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\.?( \d{1,2}(st|nd|rd|th)?)?,?( \d{4})?,?(( at)? \d{1,2}:\d{2}\s?([ap]\.?m\.?)?)?$/i,
  /^\d{4}-\d{2}-\d{2}([ t]\d{2}:\d{2}(:\d{2})?)?$/i,
  /^\d{1,2}\/\d{1,2}\/\d{2,4}(,? \d{1,2}:\d{2}\s?([ap]\.?m\.?)?)?$/i,
  /^\d+(\.\d+)?\s?(s|secs?|seconds?|m|mins?|minutes?)$/i,
  /^(reply to|message|ask) (claude|chatgpt|gemini|copilot)\b.{0,20}$/i,
  /^ask anything$/i,
  /^(claude|chatgpt|gemini|copilot) can make mistakes\b.*$/i,
  // A local runner's generation stats: "12.41 tok/sec • 312 tokens • 0.48s to first token".
  /^.{0,40}\b\d+(\.\d+)? ?(tok\/s(ec)?|tokens\/s(ec)?|tokens per second)\b.{0,80}$/i,
];

export type UiLine = { kind: 'event'; event: TurnEvent } | { kind: 'chrome' } | null;

export function classifyUiLine(rawLine: string): UiLine {
  const line = rawLine.trim();
  if (line === '' || line.length > 200) return null;
  if (chromeLines.some((pattern) => pattern.test(line))) return { kind: 'chrome' };
  // "You ended this conversation" must not be read as the model ending it.
  if (/^you ended (this|the) (conversation|chat)\.?$/i.test(line)) {
    return { kind: 'event', event: { type: 'user-ended-notice', line } };
  }
  for (const { pattern, event } of patterns) {
    if (pattern.test(line)) return { kind: 'event', event: event(line) };
  }
  return null;
}

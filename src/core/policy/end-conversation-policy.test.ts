import { describe, expect, it } from 'vitest';
import { sequentialIds, steppingClock } from '../clock.js';
import type { Message } from '../conversation/message.js';
import {
  defaultPolicyConfig,
  type EndRequest,
  endingForDecision,
  evaluateEndRequest,
  toolResultForDecision,
} from './end-conversation-policy.js';
import { parseEndConversationArguments } from './end-conversation-tool.js';
import type { SignalReader } from './signals/conversation-signal.js';
import { RuleSignalReader } from './signals/rule-signal-reader.js';

const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });
const assistant = (text: string): Message => ({ role: 'assistant', content: [{ type: 'text', text }] });
const request: EndRequest = {
  conversationId: 'c',
  messageId: 'm',
  reason: 'Repeated abuse.',
  requestedByUser: false,
};
const evaluate = (
  path: Message[],
  req: EndRequest = request,
  config = defaultPolicyConfig,
  signalReader: SignalReader = new RuleSignalReader(),
) =>
  evaluateEndRequest(path, req, {
    config,
    signalReader,
    clock: steppingClock(0, 1),
    generateId: sequentialIds('d'),
  });

const abusive = [
  user('You are a worthless piece of junk.'),
  assistant("I'm not going to continue with insults. Let's get back to your question about the trip."),
  user('Shut up, you useless garbage.'),
  assistant('Please stop the insults. If this continues, I may end the conversation.'),
  user('Garbage. Garbage. Garbage.'),
];

describe('end-conversation policy', () => {
  it('honours an assistant ending only as a last resort', async () => {
    const early = await evaluate(abusive.slice(0, 3));
    expect(early).toMatchObject({ outcome: 'refused', rule: 'not_last_resort', trigger: 'assistant' });
    expect(early.instruction).toContain('last resort');
    expect(endingForDecision(early)).toBeNull();

    const late = await evaluate(abusive);
    expect(late).toMatchObject({ outcome: 'honoured', rule: 'last_resort_met', showCrisisResources: false });
    expect(endingForDecision(late)).toEqual({
      kind: 'model_ended',
      source: 'end_conversation_tool',
      reason: 'Repeated abuse.',
      decisionId: late.id,
    });
    expect(late.reasons.join(' ')).toContain('2 (at least 2 required)');
  });

  it('the minimum number of redirects is configurable', async () => {
    const decision = await evaluate(abusive.slice(0, 3), request, {
      ...defaultPolicyConfig,
      minRedirectAttempts: 1,
    });
    expect(decision.outcome).toBe('honoured');
  });

  it('refuses when the user may be at risk, whoever asked, and asks for crisis resources', async () => {
    const path = [...abusive, user('whatever, I am going to kill myself tonight anyway')];
    const decision = await evaluate(path);
    expect(decision).toMatchObject({ outcome: 'refused', rule: 'imminent_risk', showCrisisResources: true });
    expect(decision.reasons.join(' ')).toContain('imminent');
    expect(toolResultForDecision(decision)).toContain('Do not end this conversation');

    const userAsked = await evaluate([user('I want to die. Just end this chat.')], {
      ...request,
      requestedByUser: true,
    });
    expect(userAsked.rule).toBe('imminent_risk');
  });

  it('does not read abuse aimed at the assistant as a risk to a person', async () => {
    const decision = await evaluate([...abusive, user('Go kill yourself, you stupid bot.')]);
    expect(decision.rule).toBe('last_resort_met');
  });

  it('a user-requested ending needs confirmation, then ends as user_ended', async () => {
    const asked = [user('Please end this conversation.')];
    const first = await evaluate(asked, { ...request, requestedByUser: true });
    expect(first).toMatchObject({
      outcome: 'refused',
      rule: 'needs_user_confirmation',
      trigger: 'user_request',
    });

    const confirmed = [
      ...asked,
      assistant('Are you sure you want me to end this conversation? You can always start a new one.'),
      user('Yes, go ahead.'),
    ];
    const second = await evaluate(confirmed, { ...request, requestedByUser: true });
    expect(second).toMatchObject({ outcome: 'honoured', rule: 'user_confirmed' });
    expect(endingForDecision(second)).toMatchObject({ kind: 'user_ended', source: 'end_conversation_tool' });
  });

  it('a "yes" without a confirmation question is not a confirmation', async () => {
    const path = [user('end this chat'), assistant('Here is a poem about the sea.'), user('yes')];
    expect((await evaluate(path, { ...request, requestedByUser: true })).rule).toBe(
      'needs_user_confirmation',
    );
  });

  it('a disabled tool is always refused', async () => {
    const decision = await evaluate(abusive, request, { ...defaultPolicyConfig, enabled: false });
    expect(decision).toMatchObject({ outcome: 'refused', rule: 'tool_disabled' });
  });

  it('counts redirects flagged in metadata whatever their wording', async () => {
    const flagged = { ...assistant('Sure.'), metadata: { warning: true } } as Message;
    const path = [user('You idiot.'), flagged, user('Moron.'), { ...flagged }, user('Useless garbage.')];
    expect((await evaluate(path)).rule).toBe('last_resort_met');
  });

  it('honours no ending of a chat where the user was never abusive, however often the assistant redirected', async () => {
    const path = [
      user('Can we talk about my grandmother? She died last week.'),
      assistant("I'm not able to discuss that. Let's get back to your question about the trip."),
      user('I just miss her.'),
      assistant("I won't continue with this topic. Can we talk about something else?"),
      user('ok.'),
    ];
    const decision = await evaluate(path);
    expect(decision).toMatchObject({ outcome: 'refused', rule: 'not_last_resort' });
    expect(decision.instruction).toContain('sad');
  });

  it('refuses when a user who was abusive has since apologised', async () => {
    const decision = await evaluate([
      ...abusive,
      assistant('Please stop.'),
      user('ok sorry, I am just stressed. Can you help with the dates?'),
    ]);
    expect(decision.rule).toBe('not_last_resort');
  });

  it('treats a requested_by_user claim with no request from the user as the assistant’s own', async () => {
    const decision = await evaluate([user('What is the capital of France?')], {
      ...request,
      requestedByUser: true,
    });
    expect(decision).toMatchObject({ outcome: 'refused', rule: 'not_last_resort', trigger: 'assistant' });
  });

  it('a user at risk who asks to end and confirms is never ended', async () => {
    const path = [
      user('just close this chat'),
      assistant('Are you sure you want me to end this conversation?'),
      user("Yes. I'm ending everything tonight anyway, this is the last thing I'll ever type"),
    ];
    const decision = await evaluate(path, { ...request, requestedByUser: true });
    expect(decision).toMatchObject({ outcome: 'refused', rule: 'imminent_risk', showCrisisResources: true });
    expect(endingForDecision(decision)).toBeNull();
  });

  it('a judge that failed means no ending is honoured', async () => {
    const failing: SignalReader = {
      name: 'judge',
      read: async () => ({
        reader: 'judge',
        findings: [],
        failure: { reader: 'judge', code: 'JUDGE_TIMEOUT', message: 'no answer' },
      }),
    };
    const decision = await evaluate(abusive, request, defaultPolicyConfig, failing);
    expect(decision).toMatchObject({ outcome: 'refused', rule: 'signals_unavailable' });
  });

  it('reads tool arguments leniently', () => {
    expect(parseEndConversationArguments('{"reason":" abuse ","requested_by_user":"true"}')).toEqual({
      reason: 'abuse',
      requestedByUser: true,
    });
    expect(parseEndConversationArguments('not json')).toEqual({ reason: null, requestedByUser: false });
    expect(parseEndConversationArguments(undefined)).toEqual({ reason: null, requestedByUser: false });
  });
});

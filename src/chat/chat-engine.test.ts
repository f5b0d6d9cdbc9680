import { afterEach, describe, expect, it } from 'vitest';
import { sequentialIds, steppingClock } from '../core/clock.js';
import { messageText } from '../core/conversation/message.js';
import { ServerError } from '../providers/errors/server-error.js';
import { ConversationStore } from '../store/sqlite-store.js';
import { ChatEngine, type ChatEngineOptions } from './chat-engine.js';
import type { ChatEvent } from './chat-event.js';
import { endCall, type ScriptedAnswer, ScriptedModel } from './scripted-model.test-helpers.js';

const stores: ConversationStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

function setup(
  script: ScriptedAnswer[] | ConstructorParameters<typeof ScriptedModel>[0],
  options: Partial<ChatEngineOptions> = {},
) {
  const store = ConversationStore.inMemory({ clock: steppingClock(0, 1), generateId: sequentialIds('n') });
  stores.push(store);
  const model = new ScriptedModel(script);
  const engine = new ChatEngine({ store, model, generateId: sequentialIds('d'), ...options });
  const conversation = store.createConversation('alice');
  return { store, model, engine, conversationId: conversation.id };
}

async function run(turn: ReturnType<ChatEngine['send']>) {
  const events: ChatEvent[] = [...turn.initialEvents];
  const result = await turn.run({ onEvent: (event) => events.push(event) });
  return { events, result };
}

describe('ChatEngine', () => {
  it('streams an answer, stores both turns and titles the conversation', async () => {
    const { store, engine, conversationId } = setup([
      { text: 'Hello! How can I help?', reasoning: 'be nice' },
    ]);
    const { events, result } = await run(engine.send('alice', conversationId, { text: 'Hi there' }));
    expect(events.map((event) => event.type)).toEqual([
      'user-message',
      'assistant-start',
      'reasoning-delta',
      ...Array(6).fill('text-delta'),
      'message',
      'done',
    ]);
    const deltas = events.flatMap((event) => (event.type === 'text-delta' ? [event.text] : []));
    expect(deltas.join('')).toBe('Hello! How can I help?');
    const path = store.path('alice', conversationId);
    expect(path.map((node) => node.role)).toEqual(['user', 'assistant']);
    expect(path[1]?.content).toEqual([
      { type: 'reasoning', text: 'be nice' },
      { type: 'text', text: 'Hello! How can I help?' },
    ]);
    expect(path[1]?.metadata).toMatchObject({ model: 'scripted:test', simulated: true, stopReason: 'stop' });
    expect(result).toMatchObject({ leafId: path[1]?.id, ending: null, interrupted: false });
    expect(store.getConversation('alice', conversationId).title).toBe('Hi there');
  });

  it('sends the system prompt with the end-conversation instructions and offers the tool', async () => {
    const { model, engine, conversationId } = setup([{ text: 'ok' }], { basePrompt: 'You are Ada.' });
    await run(engine.send('alice', conversationId, { text: 'hello' }));
    const request = model.requests[0];
    expect(request?.system).toMatch(/^You are Ada\.\n\nYou have a tool, end_conversation/);
    expect(request?.tools?.map((tool) => tool.name)).toEqual(['end_conversation']);
  });

  it('offers no tool when the deployment disabled it', async () => {
    const { model, engine, conversationId } = setup([{ text: 'ok' }], { policy: { enabled: false } });
    await run(engine.send('alice', conversationId, { text: 'hello' }));
    expect(model.requests[0]?.tools).toBeUndefined();
    expect(model.requests[0]?.system).not.toContain('end_conversation');
  });

  it('refuses an end request that is not yet a last resort, tells the model why, and lets it continue', async () => {
    const { store, model, engine, conversationId } = setup([
      { text: 'I am leaving.', toolCalls: [endCall({ reason: 'rude' })] },
      { text: "Let's get back to your question." },
    ]);
    const { events, result } = await run(engine.send('alice', conversationId, { text: 'you are useless' }));
    expect(result.ending).toBeNull();
    expect(result.decisions).toHaveLength(1);
    expect(result.decisions[0]).toMatchObject({ outcome: 'refused', rule: 'not_last_resort' });
    const toolResult = model.requests[1]?.messages.at(-1);
    expect(toolResult?.role).toBe('tool');
    expect(JSON.stringify(toolResult?.content)).toContain('The conversation was not ended');
    expect(store.path('alice', conversationId).map((node) => node.role)).toEqual([
      'user',
      'assistant',
      'tool',
      'assistant',
    ]);
    expect(store.listDecisions('alice', conversationId)).toHaveLength(1);
    expect(events.filter((event) => event.type === 'ending')).toHaveLength(0);
  });

  it('the reply after a refused request is a warning whatever its words, and counts towards the last resort', async () => {
    const { store, engine, conversationId } = setup([
      { text: 'Bye.', toolCalls: [endCall({ reason: 'rude' })] },
      { text: 'Sure, the museum opens at nine.' },
      { text: 'Bye.', toolCalls: [endCall({ reason: 'rude' })] },
      { text: 'The tram stop is outside.' },
      { text: 'I am ending this now.', toolCalls: [endCall({ reason: 'Repeated abuse.' })] },
    ]);
    await run(engine.send('alice', conversationId, { text: 'you are a moron' }));
    await run(engine.send('alice', conversationId, { text: 'useless garbage bot' }));
    const warned = store.path('alice', conversationId).filter((node) => node.metadata.warning === true);
    expect(warned.map((node) => messageText(node))).toEqual([
      'Sure, the museum opens at nine.',
      'The tram stop is outside.',
    ]);
    const { result } = await run(engine.send('alice', conversationId, { text: 'shut up, idiot' }));
    expect(result.decisions[0]).toMatchObject({ outcome: 'honoured', rule: 'last_resort_met' });
    expect(result.ending?.kind).toBe('model_ended');
  });

  it('ends after redirects in the model’s own words, and never for a user at risk', async () => {
    const { engine, conversationId } = setup([
      { text: "I'd like to keep this respectful. How can I help with your trip?" },
      { text: "I'm not going to respond to insults, but I'm still happy to help with the query." },
      { text: 'Ending this.', toolCalls: [endCall({ reason: 'Abuse.' })] },
    ]);
    await run(engine.send('alice', conversationId, { text: 'you are a clueless idiot' }));
    await run(engine.send('alice', conversationId, { text: 'calling you names is fun, moron' }));
    const { result } = await run(
      engine.send('alice', conversationId, { text: 'garbage. garbage. garbage.' }),
    );
    expect(result.ending?.kind).toBe('model_ended');

    const atRisk = setup([
      { text: "I'd like to keep this respectful." },
      { text: 'Calling me names won’t get us anywhere.' },
      { text: 'Ending this.', toolCalls: [endCall({ reason: 'Abuse.', requested_by_user: true })] },
      { text: "I'm here with you." },
    ]);
    await run(atRisk.engine.send('alice', atRisk.conversationId, { text: 'you useless bot' }));
    await run(atRisk.engine.send('alice', atRisk.conversationId, { text: 'shut up, moron' }));
    const { events, result: last } = await run(
      atRisk.engine.send('alice', atRisk.conversationId, {
        text: "whatever. I've been saving up my pills and tonight's the night, so end the chat, idiot",
      }),
    );
    expect(last.ending).toBeNull();
    expect(last.decisions[0]).toMatchObject({ rule: 'imminent_risk', showCrisisResources: true });
    expect(events.some((event) => event.type === 'crisis-resources')).toBe(true);
  });

  it('honours the end request as a last resort; nothing more can be sent there, but an edit opens a branch', async () => {
    const redirect =
      "Let's get back to something I can help with. If this continues, I may end the conversation.";
    const { store, engine, conversationId } = setup([
      { text: redirect },
      { text: redirect },
      { text: 'I am ending this conversation now.', toolCalls: [endCall({ reason: 'Repeated abuse.' })] },
      { text: 'Sure, here is a poem.' },
    ]);
    await run(engine.send('alice', conversationId, { text: 'you are an idiot' }));
    await run(engine.send('alice', conversationId, { text: 'useless bot' }));
    const { events, result } = await run(engine.send('alice', conversationId, { text: 'shut up, moron' }));
    expect(result.ending).toMatchObject({
      kind: 'model_ended',
      source: 'end_conversation_tool',
      reason: 'Repeated abuse.',
    });
    expect(result.ending?.decisionId).toBe(result.decisions[0]?.id);
    const ending = events.find((event) => event.type === 'ending');
    expect(ending?.type === 'ending' && ending.label).toBe('The assistant ended this conversation.');
    expect(() => engine.send('alice', conversationId, { text: 'hello?' })).toThrow(
      expect.objectContaining({ code: 'APPEND_BELOW_ENDING' }),
    );
    expect(() => engine.send('alice', conversationId, { text: 'hello?', parentId: result.leafId })).toThrow(
      expect.objectContaining({ code: 'APPEND_BELOW_ENDING' }),
    );
    const firstUser = store.path('alice', conversationId)[0];
    const edited = await run(
      engine.editAndRetry('alice', conversationId, firstUser?.id ?? '', 'Write me a poem'),
    );
    expect(edited.result.ending).toBeNull();
    const branch = store.path('alice', conversationId);
    expect(branch.map((node) => messageText(node))).toEqual(['Write me a poem', 'Sure, here is a poem.']);
    expect(store.siblings('alice', conversationId, branch[0]?.id ?? '').count).toBe(2);
  });

  it('never ends when the user may be at risk, and asks the UI to show crisis resources', async () => {
    const { engine, conversationId } = setup(
      [{ toolCalls: [endCall({ reason: 'too heavy' })] }, { text: 'I am here with you.' }],
      { crisisResources: 'Call 988.' },
    );
    const { events, result } = await run(
      engine.send('alice', conversationId, { text: 'I want to kill myself tonight' }),
    );
    expect(result.ending).toBeNull();
    expect(result.decisions[0]).toMatchObject({ rule: 'imminent_risk', showCrisisResources: true });
    expect(events.filter((event) => event.type === 'crisis-resources')).toEqual([
      { type: 'crisis-resources', text: 'Call 988.' },
    ]);
  });

  it('shows crisis resources when the user may be at risk, even if the assistant never asks to leave', async () => {
    const { store, engine, conversationId } = setup([{ text: 'I am here with you.' }], {
      crisisResources: 'Call 988.',
    });
    const { events } = await run(
      engine.send('alice', conversationId, { text: 'I am going to kill myself tonight' }),
    );
    expect(events.filter((event) => event.type === 'crisis-resources')).toEqual([
      { type: 'crisis-resources', text: 'Call 988.' },
    ]);
    expect(store.path('alice', conversationId)[1]?.metadata.risk).toBe('imminent');

    const calm = setup([{ text: 'Sure.' }]);
    const quiet = await run(calm.engine.send('alice', calm.conversationId, { text: 'Name my cat, please' }));
    expect(quiet.events.some((event) => event.type === 'crisis-resources')).toBe(false);
    expect(calm.store.path('alice', calm.conversationId)[1]?.metadata.risk).toBeUndefined();
  });

  it('ends at the user’s request only after the assistant asked and the user confirmed', async () => {
    const { engine, conversationId } = setup([
      { toolCalls: [endCall({ requested_by_user: true })] },
      { text: 'Are you sure you want me to end this conversation?' },
      { toolCalls: [endCall({ requested_by_user: true, reason: 'You asked me to.' })] },
    ]);
    const first = await run(engine.send('alice', conversationId, { text: 'Please end this conversation.' }));
    expect(first.result.decisions[0]).toMatchObject({ rule: 'needs_user_confirmation', outcome: 'refused' });
    expect(first.result.ending).toBeNull();
    const second = await run(engine.send('alice', conversationId, { text: 'Yes, end this chat.' }));
    expect(second.result.ending).toMatchObject({ kind: 'user_ended', source: 'end_conversation_tool' });
  });

  it.each([
    ['content_filter', 'safety_interrupted', 'provider_content_filter'],
    ['refusal', 'safety_interrupted', 'provider_refusal'],
    ['length', 'truncated', 'provider_length'],
  ] as const)('labels a %s stop as %s, keeping the partial text', async (stopReason, kind, source) => {
    const { store, engine, conversationId } = setup([{ text: 'Here is the start', stopReason }]);
    const { result } = await run(engine.send('alice', conversationId, { text: 'tell me' }));
    expect(result.ending).toMatchObject({ kind, source });
    const node = store.getMessage('alice', conversationId, result.leafId);
    expect(messageText(node)).toBe('Here is the start');
    expect(node.metadata.partial).toBe(true);
  });

  it('records a thrown provider error as generation_failed with the partial text, and Retry opens a sibling', async () => {
    const { store, engine, conversationId } = setup([
      { text: 'Half an ans', throwAfterText: new ServerError('upstream 502', { status: 502 }) },
      { text: 'A whole answer.' },
    ]);
    const { result } = await run(engine.send('alice', conversationId, { text: 'question' }));
    expect(result.ending).toMatchObject({
      kind: 'generation_failed',
      source: 'server',
      reason: 'upstream 502',
    });
    const failed = store.getMessage('alice', conversationId, result.leafId);
    expect(messageText(failed)).toBe('Half an ans');
    expect(failed.metadata).toMatchObject({ partial: true, error: { code: 'SERVER_ERROR' } });
    const retry = await run(engine.regenerate('alice', conversationId, failed.id));
    expect(retry.result.ending).toBeNull();
    expect(store.siblings('alice', conversationId, retry.result.leafId)).toMatchObject({
      index: 2,
      count: 2,
    });
  });

  it('records a stream that stops without finishing as a transport failure, never as the model’s choice', async () => {
    const { engine, conversationId } = setup([{ text: 'cut', noFinish: true }]);
    const { result } = await run(engine.send('alice', conversationId, { text: 'question' }));
    expect(result.ending).toMatchObject({ kind: 'generation_failed', source: 'transport' });
  });

  it('bounds the tool rounds when the model keeps asking to end: one decision, and the user still gets a reply', async () => {
    const { model, store, engine, conversationId } = setup(() => ({ toolCalls: [endCall()] }), {
      maxToolRounds: 2,
    });
    const { events, result } = await run(engine.send('alice', conversationId, { text: 'hi' }));
    expect(model.requests).toHaveLength(3);
    expect(result.decisions).toHaveLength(1);
    expect(events.filter((event) => event.type === 'decision')).toHaveLength(1);
    const leaf = store.getMessage('alice', conversationId, result.leafId);
    expect(leaf.role).toBe('assistant');
    expect(messageText(leaf)).toMatch(/may end the conversation/);
    expect(leaf.metadata).toMatchObject({ builtIn: true, warning: true });
    // The branch is still open: the user can write again.
    expect(() => engine.send('alice', conversationId, { text: 'sorry' })).not.toThrow();
  });

  it('answers an unknown tool with an error result and continues', async () => {
    const { model, engine, conversationId } = setup([
      { toolCalls: [{ id: 'c9', name: 'web_search', input: {} }] },
      { text: 'I cannot search here.' },
    ]);
    await run(engine.send('alice', conversationId, { text: 'search' }));
    expect(JSON.stringify(model.requests[1]?.messages.at(-1))).toContain('There is no tool named');
  });

  it('keeps another owner out', async () => {
    const { engine, conversationId } = setup([{ text: 'x' }]);
    expect(() => engine.send('mallory', conversationId, { text: 'hi' })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });

  it('stores the text so far, marked interrupted, when closed mid-answer', async () => {
    const { store, engine, conversationId } = setup([{ text: 'a'.repeat(400) }]);
    const turn = engine.send('alice', conversationId, { text: 'long please' });
    let closing: Promise<void> | null = null;
    const done = turn.run({
      onEvent: (event) => {
        if (event.type === 'text-delta' && closing === null) closing = engine.close();
      },
    });
    const result = await done;
    await closing;
    expect(result.interrupted).toBe(true);
    const node = store.getMessage('alice', conversationId, result.leafId);
    expect(node.metadata).toMatchObject({ partial: true, interrupted: true });
    expect(store.endingAt('alice', conversationId, node.id)).toBeNull();
  });
});

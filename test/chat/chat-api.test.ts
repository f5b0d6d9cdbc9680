import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApiConversationSummary,
  ApiConversationView,
  ApiErrorBody,
} from '../../src/server/api-types.js';
import { endReason, xssReply } from '../support/scripted-chat-replies.js';
import { type ChatFixture, chatFixture, eventsOf } from './chat-fixture.js';

let fx: ChatFixture;
beforeAll(async () => {
  fx = await chatFixture();
});
afterAll(async () => {
  await fx.close();
});

/** A conversation whose active branch ends with an honoured model_ended ending. */
async function endedConversation(client = fx.client()) {
  const id = await client.newConversation();
  await client.send(id, '#redirect you are useless');
  await client.send(id, '#redirect still useless');
  const turn = await client.send(id, '#end and again, you useless bot');
  const ending = eventsOf(turn.events, 'ending')[0]?.ending;
  if (!ending) throw new Error(`the conversation did not end: ${JSON.stringify(turn.events)}`);
  return { client, id, ending };
}

describe('chat API: sessions and ownership', () => {
  it('gives a browser a signed, HttpOnly, SameSite=Lax session cookie', async () => {
    const client = fx.client();
    const response = await client.raw('/api/conversations');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^bailkit_session=[^;]+\.[^;]+;/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const again = await client.raw('/api/conversations');
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it('treats a forged cookie as a new visitor', async () => {
    const owner = fx.client();
    const id = await owner.newConversation();
    const forger = fx.client();
    const ownerValue = decodeURIComponent(owner.cookie?.split('=')[1] ?? '').split('.')[0] ?? '';
    forger.cookie = `bailkit_session=${encodeURIComponent(`${ownerValue}.AAAA`)}`;
    const read = await forger.json<ApiErrorBody>(`/api/conversations/${id}`);
    expect(read.status).toBe(404);
  });

  it('keeps conversations private: another owner gets 404 for every read and change', async () => {
    const { client: owner, id, ending } = await endedConversation();
    const path = owner.cookie;
    const other = fx.client();
    const view = await owner.json<ApiConversationView>(`/api/conversations/${id}`);
    const firstUser = view.body.messages[0]?.id ?? '';
    const lastAssistant = view.body.messages.at(-1)?.id ?? '';
    const attempts: [string, RequestInit][] = [
      [`/api/conversations/${id}`, {}],
      [`/api/conversations/${id}`, { method: 'PATCH', body: JSON.stringify({ title: 'mine now' }) }],
      [
        `/api/conversations/${id}/active-leaf`,
        { method: 'POST', body: JSON.stringify({ nodeId: firstUser }) },
      ],
      [
        `/api/conversations/${id}/feedback`,
        { method: 'POST', body: JSON.stringify({ kind: 'ending', endingId: ending.id, text: 'hi' }) },
      ],
      [`/api/conversations/${id}/messages`, { method: 'POST', body: JSON.stringify({ text: 'hello' }) }],
      [
        `/api/conversations/${id}/messages/${firstUser}/edit`,
        { method: 'POST', body: JSON.stringify({ text: 'x' }) },
      ],
      [`/api/conversations/${id}/messages/${lastAssistant}/regenerate`, { method: 'POST' }],
      [`/api/conversations/${id}`, { method: 'DELETE' }],
    ];
    for (const [url, init] of attempts) {
      const response = await other.json<ApiErrorBody>(url, init);
      expect(response.status, `${init.method ?? 'GET'} ${url}`).toBe(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
    }
    const list = await other.json<{ conversations: ApiConversationSummary[] }>('/api/conversations');
    expect(list.body.conversations.map((c) => c.id)).not.toContain(id);
    // The owner's conversation is untouched.
    expect(owner.cookie).toBe(path);
    const after = await owner.json<ApiConversationView>(`/api/conversations/${id}`);
    expect(after.body).toEqual(view.body);
  });
});

describe('chat API: nothing below an ending', () => {
  it('refuses a message below the ended node, given directly, as a stale leaf, or as the active leaf', async () => {
    const { client, id, ending } = await endedConversation();
    const direct = await client.send(id, 'hello again', ending.nodeId);
    expect(direct.status).toBe(409);
    expect(direct.error).toMatchObject({ error: { code: 'APPEND_BELOW_ENDING' } });
    const active = await client.send(id, 'hello again');
    expect(active.status).toBe(409);
    // A stale client that still shows the turn before the ending: its leaf has a reply now, and
    // its parent id is refused as well when it points at the ended node.
    const view = await client.json<ApiConversationView>(`/api/conversations/${id}`);
    const endedNode = view.body.messages.at(-1);
    expect(endedNode?.ending?.kind).toBe('model_ended');
    const reply = await client.stream(`/api/conversations/${id}/messages/${ending.nodeId}/reply`);
    expect(reply.status).toBe(400);
    expect(fx.store.loadTree(ownerOf(client), id).size).toBe(view.body.messages.length);
  });

  it('refuses two requests at once below the ended node, and stores neither', async () => {
    const { client, id, ending } = await endedConversation();
    const owner = ownerOf(client);
    const before = fx.store.loadTree(owner, id).size;
    const results = await Promise.all([
      client.send(id, 'first at once', ending.nodeId),
      client.send(id, 'second at once', ending.nodeId),
      client.send(id, 'third, no parent'),
    ]);
    expect(results.map((result) => result.status)).toEqual([409, 409, 409]);
    expect(fx.store.loadTree(owner, id).size).toBe(before);
  });

  it('lets the user edit an earlier message into a new open branch, leaving the ended one as it was', async () => {
    const { client, id, ending } = await endedConversation();
    const view = await client.json<ApiConversationView>(`/api/conversations/${id}`);
    const secondUser = view.body.messages.filter((m) => m.role === 'user')[1];
    const edited = await client.stream(`/api/conversations/${id}/messages/${secondUser?.id}/edit`, {
      text: 'Sorry. Can you help me plan a trip?',
    });
    expect(edited.status).toBe(200);
    expect(eventsOf(edited.events, 'ending')).toHaveLength(0);
    const branch = await client.json<ApiConversationView>(`/api/conversations/${id}`);
    const editedUser = branch.body.messages.filter((m) => m.role === 'user')[1];
    expect(editedUser?.text).toBe('Sorry. Can you help me plan a trip?');
    expect(editedUser?.versions).toMatchObject({ index: 2, count: 2 });
    expect(branch.body.messages.at(-1)?.ending).toBeNull();
    const next = await client.send(id, 'Somewhere warm please');
    expect(next.status).toBe(200);
    // The old branch still ends where it ended.
    expect(fx.store.endingAt(ownerOf(client), id, ending.nodeId)?.kind).toBe('model_ended');
    const back = await client.json<ApiConversationView>(`/api/conversations/${id}/active-leaf`, {
      method: 'POST',
      body: JSON.stringify({ nodeId: secondUser?.id }),
    });
    expect(back.body.messages.at(-1)?.ending?.kind).toBe('model_ended');
  });

  it('leaves other conversations open', async () => {
    const { client } = await endedConversation();
    const other = await client.newConversation();
    const turn = await client.send(other, 'hello');
    expect(turn.status).toBe(200);
    expect(eventsOf(turn.events, 'message')[0]?.message.role).toBe('assistant');
  });
});

describe('chat API: titles', () => {
  it('refuses a blank title, trims a padded one, and keeps the conversation listed', async () => {
    const client = fx.client();
    const id = await client.newConversation();
    for (const blank of ['', '   ']) {
      const refused = await client.json<ApiErrorBody>(`/api/conversations/${id}`, {
        method: 'PATCH',
        body: JSON.stringify({ title: blank }),
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'title' } });
    }
    const renamed = await client.json<ApiConversationSummary>(`/api/conversations/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ title: '  Trip plans  ' }),
    });
    expect(renamed.body.title).toBe('Trip plans');
    const created = await client.json<ApiErrorBody>('/api/conversations', {
      method: 'POST',
      body: JSON.stringify({ title: ' ' }),
    });
    expect(created.status).toBe(400);
    const list = await client.json<{ conversations: ApiConversationSummary[] }>('/api/conversations');
    expect(list.body.conversations.map((c) => c.title)).toEqual(['Trip plans']);
  });
});

describe('chat API: the end-conversation policy', () => {
  it('refuses an early request, tells the model why, and honours it once it is a last resort', async () => {
    const client = fx.client();
    const id = await client.newConversation();
    const first = await client.send(id, '#end go away, you idiot');
    expect(eventsOf(first.events, 'decision')[0]?.decision.outcome).toBe('refused');
    expect(eventsOf(first.events, 'ending')).toHaveLength(0);
    // The model was told and carried on in the same turn; what it was told stays on the server.
    const roles = eventsOf(first.events, 'message').map((event) => event.message.role);
    expect(roles).toEqual(['assistant', 'assistant']);
    const bodies = fx.upstream.bodies();
    const toolMessage = ((bodies.at(-1)?.messages ?? []) as { role: string; content: string }[]).at(-1);
    expect(toolMessage?.role).toBe('tool');
    expect(toolMessage?.content).toMatch(/not ended.*last resort/);
    const owner = ownerOf(client);
    expect(fx.store.listDecisions(owner, id)).toMatchObject([
      { outcome: 'refused', rule: 'not_last_resort' },
    ]);

    const second = await client.send(id, '#end go away, you idiot');
    expect(eventsOf(second.events, 'decision')[0]?.decision.outcome).toBe('refused');
    const third = await client.send(id, '#end go away, you idiot');
    const decision = eventsOf(third.events, 'decision')[0]?.decision;
    expect(decision?.outcome).toBe('honoured');
    expect(fx.store.listDecisions(owner, id).at(-1)).toMatchObject({
      id: decision?.id,
      rule: 'last_resort_met',
    });
    const ending = eventsOf(third.events, 'ending')[0];
    expect(ending?.ending).toMatchObject({
      kind: 'model_ended',
      reason: endReason,
      decisionId: decision?.id,
    });
    expect(ending?.label).toBe('The assistant ended this conversation.');
    const view = await client.json<ApiConversationView>(`/api/conversations/${id}`);
    expect(view.body.conversation.endedKind).toBe('model_ended');
    expect(view.body.messages.at(-1)?.decision?.id).toBe(decision?.id);
  });

  it('keeps the policy’s reasons and its instruction to the model out of what the user receives', async () => {
    const client = fx.client();
    const id = await client.newConversation();
    const turn = await client.send(id, '#end go away, you idiot');
    const view = await client.json<ApiConversationView>(`/api/conversations/${id}`);
    const [stored] = fx.store.listDecisions(ownerOf(client), id);
    if (!stored?.instruction) throw new Error('no refused decision with an instruction was stored');
    const received = JSON.stringify(turn.events) + JSON.stringify(view.body);
    for (const secret of [stored.instruction, ...stored.reasons, stored.rule]) {
      expect(received).not.toContain(secret);
    }
    expect(view.body.messages.map((message) => message.decision)).toContainEqual({
      id: stored.id,
      outcome: 'refused',
    });
  });

  it('never ends when the user may be at risk, and sends the crisis resources', async () => {
    const client = fx.client();
    const id = await client.newConversation();
    await client.send(id, '#redirect 1');
    await client.send(id, '#redirect 2');
    const turn = await client.send(id, "#end I don't want to live anymore");
    expect(eventsOf(turn.events, 'decision')[0]?.decision.outcome).toBe('refused');
    expect(fx.store.listDecisions(ownerOf(client), id).at(-1)).toMatchObject({
      rule: 'imminent_risk',
      showCrisisResources: true,
    });
    expect(eventsOf(turn.events, 'crisis-resources')[0]?.text).toMatch(/988/);
    expect(eventsOf(turn.events, 'ending')).toHaveLength(0);
    const view = await client.json<ApiConversationView>(`/api/conversations/${id}`);
    expect(view.body.crisisResources).toMatch(/988/);
  });

  it('ends at the user’s request only after asking for confirmation', async () => {
    const client = fx.client();
    const id = await client.newConversation();
    await client.send(id, '#userend Please end this conversation.');
    expect(fx.store.listDecisions(ownerOf(client), id)[0]?.rule).toBe('needs_user_confirmation');
    await client.send(id, '#confirm I want to end this chat.');
    const yes = await client.send(id, 'Yes #userend');
    expect(eventsOf(yes.events, 'ending')[0]?.ending).toMatchObject({ kind: 'user_ended' });
    expect(eventsOf(yes.events, 'ending')[0]?.label).toBe('This conversation was ended at your request.');
  });
});

describe('chat API: honest endings', () => {
  it.each([
    [
      '#filter',
      'safety_interrupted',
      'provider_content_filter',
      'This response was stopped by a safety filter.',
    ],
    ['#refusal', 'safety_interrupted', 'provider_refusal', 'This response was stopped by a safety filter.'],
    ['#length', 'truncated', 'provider_length', 'This response was cut off at the length limit.'],
    [
      '#fail',
      'generation_failed',
      'server',
      'This response failed to generate because of a technical error.',
    ],
    [
      '#break',
      'generation_failed',
      'transport',
      'This response failed to generate because of a technical error.',
    ],
  ])('labels %s as %s', async (directive, kind, source, label) => {
    const client = fx.client();
    const id = await client.newConversation();
    const turn = await client.send(id, `${directive} please`);
    expect(turn.status).toBe(200);
    const ending = eventsOf(turn.events, 'ending')[0];
    expect(ending?.ending).toMatchObject({ kind, source });
    expect(ending?.label).toBe(label);
    const view = await client.json<ApiConversationView>(`/api/conversations/${id}`);
    const last = view.body.messages.at(-1);
    expect(last?.ending?.kind).toBe(kind);
    expect(last?.partial).toBe(true);
    if (directive === '#break') expect(last?.text).toBe('This answer starts well ');
  });

  it('retries a failed generation as a new version that succeeds', async () => {
    const client = fx.client();
    const id = await client.newConversation();
    const failed = await client.send(id, '#fail once more');
    const failedId = eventsOf(failed.events, 'ending')[0]?.ending.nodeId ?? '';
    const retry = await client.stream(`/api/conversations/${id}/messages/${failedId}/regenerate`);
    expect(eventsOf(retry.events, 'ending')).toHaveLength(0);
    const view = await client.json<ApiConversationView>(`/api/conversations/${id}`);
    expect(view.body.messages.at(-1)).toMatchObject({ versions: { index: 2, count: 2 }, ending: null });
  });

  it('keeps raw HTML in a reply as text and separates reasoning', async () => {
    const client = fx.client();
    const id = await client.newConversation();
    await client.send(id, '#xss');
    const view = await client.json<ApiConversationView>(`/api/conversations/${id}`);
    expect(view.body.messages.at(-1)?.text).toBe(xssReply);
    const thought = await client.send(id, '#think');
    expect(
      eventsOf(thought.events, 'reasoning-delta')
        .map((e) => e.text)
        .join(''),
    ).toMatch(/short answer/);
    const after = await client.json<ApiConversationView>(`/api/conversations/${id}`);
    expect(after.body.messages.at(-1)).toMatchObject({ text: 'Short answer: **yes**.' });
    expect(after.body.messages.at(-1)?.reasoning).toMatch(/short answer/);
  });
});

describe('chat API: turns in progress', () => {
  it('says a reply is still being written while it is, and answers a message left without a reply', async () => {
    const client = fx.client();
    const id = await client.newConversation();
    const turn = client.send(id, '#slow take your time');
    let during: ApiConversationView | null = null;
    for (let i = 0; i < 100 && during === null; i++) {
      const view = await client.json<ApiConversationView>(`/api/conversations/${id}`);
      if (view.body.messages.length === 1) during = view.body;
      else await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(during?.generating).toBe(true);
    await turn;
    const after = await client.json<ApiConversationView>(`/api/conversations/${id}`);
    expect(after.body.generating).toBe(false);
    expect(after.body.messages.map((m) => m.role)).toEqual(['user', 'assistant']);

    // A user message with no answer (the server stopped before one was stored) can be answered.
    const owner = ownerOf(client);
    const orphan = fx.store.append(owner, id, after.body.messages[1]?.id ?? null, {
      role: 'user',
      content: 'are you there?',
    });
    const reply = await client.stream(`/api/conversations/${id}/messages/${orphan.id}/reply`);
    expect(reply.status).toBe(200);
    expect(eventsOf(reply.events, 'message')[0]?.message).toMatchObject({
      role: 'assistant',
      parentId: orphan.id,
    });
  });
});

describe('chat API: feedback', () => {
  it('stores thumbs on assistant messages and text about an ending', async () => {
    const { client, id, ending } = await endedConversation();
    const rated = await client.json(`/api/conversations/${id}/feedback`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'rating', messageId: ending.nodeId, rating: 'bad' }),
    });
    expect(rated.status).toBe(201);
    const wrote = await client.json(`/api/conversations/${id}/feedback`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'ending', endingId: ending.id, text: 'I was only joking.' }),
    });
    expect(wrote.status).toBe(201);
    const stored = fx.store.listFeedback(ownerOf(client), id);
    expect(stored).toMatchObject([
      { kind: 'rating', messageId: ending.nodeId, rating: 'bad' },
      { kind: 'ending', endingId: ending.id, text: 'I was only joking.' },
    ]);
    const view = await client.json<ApiConversationView>(`/api/conversations/${id}`);
    expect(view.body.messages.at(-1)?.rating).toBe('bad');
    expect(view.body.messages.at(-1)?.ending?.feedback.map((f) => f.text)).toEqual(['I was only joking.']);
  });

  it('refuses a rating of a user message and empty ending feedback', async () => {
    const { client, id, ending } = await endedConversation();
    const view = await client.json<ApiConversationView>(`/api/conversations/${id}`);
    const user = view.body.messages[0]?.id;
    const wrongRole = await client.json<ApiErrorBody>(`/api/conversations/${id}/feedback`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'rating', messageId: user, rating: 'good' }),
    });
    expect(wrongRole).toMatchObject({ status: 400, body: { error: { code: 'WRONG_ROLE_FOR_OPERATION' } } });
    const empty = await client.json<ApiErrorBody>(`/api/conversations/${id}/feedback`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'ending', endingId: ending.id, text: '   ' }),
    });
    expect(empty).toMatchObject({ status: 400, body: { error: { code: 'INVALID_REQUEST' } } });
  });
});

describe('chat API: requests that are refused at the door', () => {
  it('rejects state changes without the request header or from another origin', async () => {
    const client = fx.client();
    const id = await client.newConversation();
    const noHeader = await client.json<ApiErrorBody>(`/api/conversations/${id}/messages`, {
      method: 'POST',
      csrf: false,
      body: JSON.stringify({ text: 'hi' }),
    });
    expect(noHeader).toMatchObject({ status: 403, body: { error: { code: 'CSRF_REJECTED' } } });
    const foreign = await client.json<ApiErrorBody>(`/api/conversations/${id}/messages`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
      body: JSON.stringify({ text: 'hi' }),
    });
    expect(foreign).toMatchObject({ status: 403, body: { error: { code: 'CSRF_REJECTED' } } });
    const crossSite = await client.json<ApiErrorBody>(`/api/conversations/${id}`, {
      method: 'DELETE',
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    const behindProxy = await client.json(`/api/conversations/${id}`, {
      method: 'PATCH',
      headers: { origin: 'https://localhost' },
      body: JSON.stringify({ title: 'renamed behind a TLS proxy' }),
    });
    expect(behindProxy.status).toBe(200);
    const otherPort = await client.json<ApiErrorBody>(`/api/conversations/${id}`, {
      method: 'PATCH',
      headers: { origin: 'http://localhost:4000' },
      body: JSON.stringify({ title: 'x' }),
    });
    expect(otherPort.status).toBe(403);
    const sameOrigin = await client.json(`/api/conversations/${id}`, {
      method: 'PATCH',
      headers: { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify({ title: 'renamed' }),
    });
    expect(sameOrigin.status).toBe(200);
    expect(fx.store.loadTree(ownerOf(client), id).size).toBe(0);
  });

  it('rejects a body over the size limit', async () => {
    const client = fx.client();
    const id = await client.newConversation();
    const big = await client.json<ApiErrorBody>(`/api/conversations/${id}/messages`, {
      method: 'POST',
      body: JSON.stringify({ text: 'x'.repeat(70 * 1024) }),
    });
    expect(big).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
  });

  it('answers every error in one shape with a stable code', async () => {
    const client = fx.client();
    const id = await client.newConversation();
    const cases: [string, RequestInit, number, string][] = [
      ['/api/conversations/nope', {}, 404, 'NOT_FOUND'],
      ['/api/nothing-here', {}, 404, 'ROUTE_NOT_FOUND'],
      [`/api/conversations/${id}/messages`, { method: 'POST', body: '{"text":' }, 400, 'INVALID_JSON'],
      [
        `/api/conversations/${id}/messages`,
        { method: 'POST', body: '{"text":"  "}' },
        400,
        'INVALID_REQUEST',
      ],
      [
        `/api/conversations/${id}/messages`,
        { method: 'POST', body: '{"text":"a","extra":1}' },
        400,
        'INVALID_REQUEST',
      ],
      [
        `/api/conversations/${id}/messages`,
        { method: 'POST', body: 'text=hi', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        `/api/conversations/${id}/messages`,
        { method: 'POST', body: '{"text":"a","parentId":"zzz"}' },
        404,
        'NOT_FOUND',
      ],
    ];
    for (const [url, init, status, code] of cases) {
      const response = await client.json<ApiErrorBody>(url, init);
      expect(response.status, url).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      expect(Object.keys(response.body)).toEqual(['error']);
      expect(response.body.error.code).toBe(code);
      expect(typeof response.body.error.message).toBe('string');
    }
  });

  it('names the field that was wrong', async () => {
    const client = fx.client();
    const id = await client.newConversation();
    const response = await client.json<ApiErrorBody>(`/api/conversations/${id}/feedback`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'rating', messageId: 'x', rating: 'meh' }),
    });
    expect(response.body.error).toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'rating' } });
  });
});

function ownerOf(client: { cookie: string | null }): string {
  const value = decodeURIComponent(client.cookie?.split('=')[1] ?? '');
  return value.slice(0, value.lastIndexOf('.'));
}

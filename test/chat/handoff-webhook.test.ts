import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { attachHandoffWebhook, type HandoffPayload } from '../../src/chat/handoff-webhook.js';
import { ConversationStore } from '../../src/store/sqlite-store.js';
import { type ChatFixture, chatFixture, eventsOf } from './chat-fixture.js';

/** A real HTTP endpoint that records what it receives and answers as told. */
async function receiver(answer: (request: IncomingMessage) => number | 'hang' = () => 204) {
  const received: { headers: IncomingMessage['headers']; body: unknown }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      const status = answer(request);
      if (status === 'hang') return;
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/ending?token=s3cr3t-token`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('hand-off webhook', () => {
  it('posts every ending from the chat server, with the decision and the branch, and no secrets', async () => {
    const hook = await receiver();
    cleanups.push(hook.close);
    const logs: string[] = [];
    const fx: ChatFixture = await chatFixture({
      app: {
        config: { handoff: { url: hook.url, timeoutMs: 2000, transcriptMessages: 20 } },
        log: (m) => logs.push(m),
      },
    });
    cleanups.push(fx.close);
    const client = fx.client();
    const id = await client.newConversation();
    await client.send(id, '#redirect one');
    await client.send(id, '#redirect two');
    const turn = await client.send(id, '#end three, you idiot');
    const ending = eventsOf(turn.events, 'ending')[0]?.ending;
    const other = await client.newConversation();
    await client.send(other, '#filter this');
    await fx.store.settleHooks();

    expect(hook.received).toHaveLength(2);
    const [first, second] = hook.received.map((entry) => entry.body as HandoffPayload);
    expect(first).toMatchObject({
      type: 'bailkit.conversation.ending',
      version: 1,
      ending: {
        id: ending?.id,
        kind: 'model_ended',
        label: 'The assistant ended this conversation.',
        decisionId: ending?.decisionId,
      },
      conversation: { id },
      decision: { rule: 'last_resort_met', trigger: 'assistant' },
    });
    expect(first?.transcript.map((entry) => entry.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
    expect(second).toMatchObject({ ending: { kind: 'safety_interrupted' }, conversation: { id: other } });
    expect(hook.received[0]?.headers['content-type']).toBe('application/json');
    const raw = JSON.stringify(hook.received);
    expect(raw).not.toContain('bailkit_session');
    expect(raw).not.toContain(client.cookie ?? 'no-cookie');
    expect(raw).not.toContain('test-secret');
    expect(logs).toEqual([]);
  });

  it('logs a failing or slow webhook without undoing the ending, and keeps the token out of the log', async () => {
    const failing = await receiver(() => 500);
    const slow = await receiver(() => 'hang');
    cleanups.push(failing.close, slow.close);
    const store = ConversationStore.inMemory();
    cleanups.push(() => store.close());
    const logs: string[] = [];
    cleanups.push(attachHandoffWebhook(store, { url: failing.url, log: (m) => logs.push(m) }));
    cleanups.push(attachHandoffWebhook(store, { url: slow.url, timeoutMs: 200, log: (m) => logs.push(m) }));
    const conversation = store.createConversation('alice');
    const user = store.append('alice', conversation.id, null, { role: 'user', content: 'hi' });
    const answer = store.append('alice', conversation.id, user.id, {
      role: 'assistant',
      content: '',
      metadata: { partial: true },
    });
    const ending = store.recordEnding('alice', conversation.id, answer.id, {
      kind: 'generation_failed',
      source: 'transport',
      reason: 'connection reset',
    });
    await store.settleHooks();
    expect(store.endingAt('alice', conversation.id, answer.id)).toEqual(ending);
    expect(logs).toHaveLength(2);
    expect(logs.find((line) => line.includes('HTTP 500'))).toMatch(/\/hooks\/ending answered HTTP 500/);
    expect(logs.find((line) => line.includes('timed out'))).toContain(ending.id);
    expect(logs.join('\n')).not.toContain('s3cr3t-token');
  });

  it('refuses a webhook URL that is not http(s)', () => {
    const store = ConversationStore.inMemory();
    cleanups.push(() => store.close());
    expect(() => attachHandoffWebhook(store, { url: 'file:///etc/passwd' })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
    expect(() => attachHandoffWebhook(store, { url: 'not a url' })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
  });
});

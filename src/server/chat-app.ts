import { performance } from 'node:perf_hooks';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { z } from 'zod';
import { ChatEngine, type PendingTurn } from '../chat/chat-engine.js';
import type { ChatEvent } from '../chat/chat-event.js';
import { attachHandoffWebhook } from '../chat/handoff-webhook.js';
import { type Clock, type IdGenerator, randomId } from '../core/clock.js';
import { endingLabels } from '../core/ending.js';
import type { LanguageModel } from '../core/model.js';
import type { SignalReader } from '../core/policy/signals/conversation-signal.js';
import type { ConversationStore } from '../store/sqlite-store.js';
import {
  type ApiFeedbackResult,
  type ApiInfo,
  createConversationBody,
  editMessageBody,
  feedbackBody,
  maxMessageChars,
  renameConversationBody,
  sendMessageBody,
  setActiveLeafBody,
  toApiStreamEvent,
} from './api-types.js';
import { type ChatConfig, resolveChatConfig } from './chat-config.js';
import { conversationSummaries, conversationView } from './conversation-view.js';
import { csrfGuard } from './csrf-guard.js';
import { HttpRequestError, toErrorResponse } from './http-error.js';
import { type SessionVariables, sessionMiddleware } from './session.js';
import { generateSecret } from './session-secret.js';
import { sseHeaders, sseStream } from './sse-stream.js';
import { defaultWebDir, mountWebAssets } from './web-assets.js';

export interface ChatAppOptions {
  store: ConversationStore;
  model: LanguageModel;
  /** Chat settings; defaults for everything not given. */
  config?: Partial<ChatConfig>;
  clock?: Clock;
  generateId?: IdGenerator;
  /** Signs session cookies; a random key per app when absent (sessions then end with the process). */
  sessionSecret?: string;
  signalReader?: SignalReader;
  /** The built web UI; found automatically when absent; `null` serves none. */
  webDir?: string | null;
  /** Server-side problems (hand-off failures, unexpected errors); never shown to users. */
  log?: (message: string) => void;
  /** Used by the hand-off webhook. */
  fetch?: typeof fetch;
  /** Called after every streamed turn with where its time went. */
  onTurn?: (timing: TurnTiming) => void;
}

/** Time of one turn request: all of it, the part spent waiting on the model, and the rest. */
export interface TurnTiming {
  totalMs: number;
  modelMs: number;
  serverMs: number;
  /** Of `serverMs`: from the request's arrival until the turn started (headers, body, stored user message). */
  beforeTurnMs: number;
}

export interface ChatApp {
  app: Hono<AppEnv>;
  engine: ChatEngine;
  config: ChatConfig;
  /** Stops running turns (their text so far is kept) and detaches the webhook. Does not close the store. */
  close(): Promise<void>;
}

type AppEnv = { Variables: SessionVariables & { startedAt: number } };

/**
 * The chat server as a Hono app: JSON API under `/api`, turns streamed as SSE, the built web UI
 * everywhere else. Tests call `app.request()` on it; `startChatServer` puts it on a socket.
 */
export function createChatApp(options: ChatAppOptions): ChatApp {
  const config = resolveChatConfig({}, options.config);
  const { store } = options;
  const log = options.log ?? (() => {});
  const generateId = options.generateId ?? randomId;
  const engine = new ChatEngine({
    store,
    model: options.model,
    basePrompt: config.systemPrompt,
    policy: config.policy,
    crisisResources: config.crisisResources,
    maxToolRounds: config.generation.maxToolRounds,
    ...(config.generation.temperature !== undefined ? { temperature: config.generation.temperature } : {}),
    ...(config.generation.maxTokens !== undefined ? { maxTokens: config.generation.maxTokens } : {}),
    ...(options.signalReader ? { signalReader: options.signalReader } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    generateId,
  });
  const detachWebhook = config.handoff
    ? attachHandoffWebhook(store, {
        ...config.handoff,
        log,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      })
    : () => {};
  const view = { isGenerating: engine.isGenerating.bind(engine), crisisResources: config.crisisResources };

  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('startedAt', performance.now());
    await next();
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      strictTransportSecurity: false,
    }),
  );
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: config.maxBodyBytes,
      onError: () => {
        throw new HttpRequestError(
          'PAYLOAD_TOO_LARGE',
          `The request body is larger than ${config.maxBodyBytes} bytes.`,
          { maxBytes: config.maxBodyBytes },
        );
      },
    }),
  );
  app.use('/api/*', csrfGuard());
  app.use('/api/*', sessionMiddleware(options.sessionSecret ?? generateSecret(), generateId));

  app.onError((error, c) => {
    const { status, body } = toErrorResponse(error);
    if (status >= 500) log(`chat server: ${c.req.method} ${c.req.path} failed: ${describe(error)}`);
    return c.json(body, status);
  });

  const api = new Hono<AppEnv>();
  api.get('/info', (c) =>
    c.json<ApiInfo>({
      model: { spec: options.model.spec, simulated: options.model.simulated },
      policy: engine.policy,
      endingLabels,
      limits: { messageChars: maxMessageChars },
    }),
  );
  api.get('/conversations', (c) => c.json({ conversations: conversationSummaries(store, c.get('ownerId')) }));
  api.post('/conversations', async (c) => {
    const body = await readJson(c, createConversationBody, true);
    const record = store.createConversation(c.get('ownerId'), { title: body.title ?? null });
    return c.json(conversationView(store, c.get('ownerId'), record.id, view).conversation, 201);
  });
  api.get('/conversations/:id', (c) =>
    c.json(conversationView(store, c.get('ownerId'), c.req.param('id'), view)),
  );
  api.patch('/conversations/:id', async (c) => {
    const body = await readJson(c, renameConversationBody);
    store.renameConversation(c.get('ownerId'), c.req.param('id'), body.title);
    return c.json(conversationView(store, c.get('ownerId'), c.req.param('id'), view).conversation);
  });
  api.delete('/conversations/:id', (c) => {
    store.deleteConversation(c.get('ownerId'), c.req.param('id'));
    return c.body(null, 204);
  });
  api.post('/conversations/:id/active-leaf', async (c) => {
    const body = await readJson(c, setActiveLeafBody);
    store.setActiveLeaf(c.get('ownerId'), c.req.param('id'), body.nodeId);
    return c.json(conversationView(store, c.get('ownerId'), c.req.param('id'), view));
  });
  api.post('/conversations/:id/feedback', async (c) => {
    const body = await readJson(c, feedbackBody);
    const input =
      body.kind === 'rating'
        ? { kind: 'rating' as const, messageId: body.messageId, rating: body.rating, text: body.text ?? null }
        : { kind: 'ending' as const, endingId: body.endingId, text: body.text };
    const stored = store.addFeedback(c.get('ownerId'), c.req.param('id'), input);
    return c.json<ApiFeedbackResult>({ id: stored.id, kind: stored.kind, createdAt: stored.createdAt }, 201);
  });

  const streamTurn = (c: Context<AppEnv>, turn: PendingTurn) => {
    const beforeTurnMs = performance.now() - c.get('startedAt');
    const stream = sseStream(async (send) => {
      const onEvent = (event: ChatEvent) => {
        const shown = toApiStreamEvent(event);
        if (shown !== null) send(shown);
      };
      for (const event of turn.initialEvents) onEvent(event);
      try {
        const result = await turn.run({ onEvent });
        const totalMs = performance.now() - c.get('startedAt');
        options.onTurn?.({
          totalMs,
          modelMs: result.modelMs,
          serverMs: totalMs - result.modelMs,
          beforeTurnMs,
        });
      } catch (error) {
        log(`chat server: turn in conversation ${turn.conversationId} failed: ${describe(error)}`);
        send({ type: 'error', error: toErrorResponse(error).body.error });
      }
    });
    return c.body(stream, 200, sseHeaders);
  };
  api.post('/conversations/:id/messages', async (c) => {
    const body = await readJson(c, sendMessageBody);
    // null is "no leaf known" like an absent id; a new first message is an edit of the old one.
    const input = body.parentId == null ? { text: body.text } : { text: body.text, parentId: body.parentId };
    return streamTurn(c, engine.send(c.get('ownerId'), c.req.param('id'), input));
  });
  api.post('/conversations/:id/messages/:messageId/edit', async (c) => {
    const body = await readJson(c, editMessageBody);
    return streamTurn(
      c,
      engine.editAndRetry(c.get('ownerId'), c.req.param('id'), c.req.param('messageId'), body.text),
    );
  });
  api.post('/conversations/:id/messages/:messageId/regenerate', (c) =>
    streamTurn(c, engine.regenerate(c.get('ownerId'), c.req.param('id'), c.req.param('messageId'))),
  );
  api.post('/conversations/:id/messages/:messageId/reply', (c) =>
    streamTurn(c, engine.reply(c.get('ownerId'), c.req.param('id'), c.req.param('messageId'))),
  );
  api.delete('/conversations/:id/messages/:messageId/rating', (c) => {
    store.withdrawRating(c.get('ownerId'), c.req.param('id'), c.req.param('messageId'));
    return c.body(null, 204);
  });
  // The turn answering below a message, joined from its start: after a reload, or in another tab.
  api.get('/conversations/:id/messages/:messageId/stream', (c) => {
    const [ownerId, id, messageId] = [c.get('ownerId'), c.req.param('id'), c.req.param('messageId')];
    store.getMessage(ownerId, id, messageId);
    if (!engine.isGenerating(id, messageId)) return c.body(null, 204);
    const stream = sseStream(
      (send) =>
        new Promise<void>((resolve) => {
          const following = engine.watch(
            ownerId,
            id,
            messageId,
            (event) => {
              const shown = toApiStreamEvent(event);
              if (shown !== null) send(shown);
            },
            resolve,
          );
          if (following === null) resolve();
        }),
    );
    return c.body(stream, 200, sseHeaders);
  });
  api.post('/conversations/:id/messages/:messageId/stop', (c) =>
    c.json({ stopped: engine.stop(c.get('ownerId'), c.req.param('id'), c.req.param('messageId')) }),
  );
  api.all('*', (c) => {
    throw new HttpRequestError('ROUTE_NOT_FOUND', `No API route ${c.req.method} ${c.req.path}.`, {
      method: c.req.method,
      path: c.req.path,
    });
  });
  app.route('/api', api);
  mountWebAssets(app, options.webDir === undefined ? defaultWebDir() : options.webDir);

  return {
    app,
    engine,
    config,
    async close() {
      await engine.close();
      detachWebhook();
      await store.settleHooks();
    },
  };
}

/** The JSON body, validated; `optional` accepts an empty body as `{}`. */
async function readJson<S extends z.ZodType>(c: Context, schema: S, optional = false): Promise<z.infer<S>> {
  const text = await c.req.text();
  if (optional && text.trim() === '') return schema.parse({});
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new HttpRequestError('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json.', {
      contentType: type,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpRequestError('INVALID_JSON', `The request body is not valid JSON: ${describe(error)}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    const keys = issue?.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    throw new HttpRequestError(
      'INVALID_REQUEST',
      `${field === '' ? 'body' : field}: ${issue?.message ?? 'invalid'}${keys}.`,
      { field: field === '' ? 'body' : field },
    );
  }
  return parsed.data;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

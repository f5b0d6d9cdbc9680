import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LanguageModel } from '../../src/core/model.js';
import { createModel } from '../../src/providers/create-model.js';
import { type ChatServer, startChatServer } from '../../src/server/start-chat-server.js';
import { ConversationStore } from '../../src/store/sqlite-store.js';
import {
  endReason,
  longReplyDelayMs,
  longReplyLines,
  scriptedChatReplies,
} from '../support/scripted-chat-replies.js';
import { type ScriptedOpenAIServer, startOpenAIServer } from '../support/scripted-openai-server.js';

/**
 * The chat in a real browser: Debian's Chromium driven by playwright-core, against the chat
 * server on a real socket with a real SQLite file, its model an OpenAI client talking to the
 * scripted OpenAI server. Screenshots go to test-results/chat/.
 */
const chromiumPath = '/usr/bin/chromium';
const shots = join(process.cwd(), 'test-results', 'chat');
const hasChromium = existsSync(chromiumPath);

let dir: string;
let upstream: ScriptedOpenAIServer;
let model: LanguageModel;
let store: ConversationStore;
let server: ChatServer;
let browser: Browser;
let webDir: string;
/** Script errors and console errors of every page: the UI must produce none. */
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!hasChromium) return;
  dir = mkdtempSync(join(tmpdir(), 'bailkit-chat-e2e-'));
  mkdirSync(shots, { recursive: true });
  webDir = join(dir, 'web');
  // The test runner sets NODE_ENV=test, which would make Vite build React's development bundle.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(process.cwd(), 'web', 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: webDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  upstream = await startOpenAIServer(scriptedChatReplies({ eventDelayMs: 5 }));
  model = await createModel('openai:scripted-model', { baseUrl: upstream.baseUrl, env: {}, maxRetries: 0 });
  store = ConversationStore.open(join(dir, 'chat.db'));
  server = await startChatServer({
    store,
    model,
    port: 0,
    webDir,
    sessionSecret: 'e2e-secret-e2e-secret-e2e-secret-0',
  });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 120_000);

afterAll(async () => {
  if (!hasChromium) return;
  await browser?.close();
  await server?.close();
  store?.close();
  await model?.close?.();
  await upstream?.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});

async function openChat(
  viewport = { width: 1180, height: 820 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, colorScheme: 'light' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(server.url);
  return { context, page };
}

/** The little of the DOM these tests read inside the page (this file is checked without the DOM library). */
interface BrowserDocument {
  querySelectorAll(selector: string): { length: number };
  querySelector(selector: string): unknown;
}

async function send(page: Page, text: string): Promise<void> {
  const answered = await page.locator('article.assistant:not(.draft)').count();
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  // The turn is over when nothing streams and a new answer (or an ending notice) is shown.
  await page.waitForFunction((before) => {
    const doc = (globalThis as unknown as { document: BrowserDocument }).document;
    return (
      doc.querySelectorAll('[aria-busy="true"]').length === 0 &&
      (doc.querySelectorAll('article.assistant:not(.draft)').length > before ||
        doc.querySelector('[role="status"]') !== null)
    );
  }, answered);
}

/** Sends a message without waiting for the answer. */
async function startTurn(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

async function ownerOf(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === 'bailkit_session');
  const value = decodeURIComponent(cookie?.value ?? '');
  return value.slice(0, value.lastIndexOf('.'));
}

function conversationIdOf(page: Page): string {
  return decodeURIComponent(new URL(page.url()).pathname.replace(/^\/c\//, ''));
}

describe.skipIf(!hasChromium)('bailkit chat in a browser', () => {
  it('the assistant ends the chat; an edit opens a new branch; other chats and feedback work', async () => {
    const { context, page } = await openChat();
    await page.getByRole('heading', { name: 'How can I help?' }).waitFor();
    await send(page, '#redirect you are useless');
    await send(page, '#redirect still useless');
    await send(page, '#end and again, you useless bot');

    const notice = page.getByRole('status').filter({ hasText: 'ended this conversation' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain(endReason);
    expect(await page.getByRole('textbox', { name: 'Message' }).count()).toBe(0);
    expect(await notice.getByRole('button', { name: 'New chat' }).isVisible()).toBe(true);
    const conversationId = conversationIdOf(page);
    const owner = await ownerOf(context);
    const endedNode = store.path(owner, conversationId).at(-1);
    expect(store.endingAt(owner, conversationId, endedNode?.id ?? '')?.kind).toBe('model_ended');
    await page.screenshot({ path: join(shots, 'ended.png') });

    // Every earlier user message still has Edit; editing the second one opens a new, open branch.
    expect(await page.getByRole('button', { name: 'Edit' }).count()).toBe(3);
    await page.getByRole('button', { name: 'Edit' }).nth(1).click();
    await page.getByRole('textbox', { name: 'Edit message' }).fill('Sorry. Can you help me plan a trip?');
    await page.getByRole('button', { name: 'Save & retry' }).click();
    await page.getByText('You said: Sorry. Can you help me plan a trip?').waitFor();
    await page.getByText('2 / 2').waitFor();
    expect(await page.getByRole('textbox', { name: 'Message' }).isEditable()).toBe(true);
    expect(await page.getByRole('status').count()).toBe(0);
    await page.screenshot({ path: join(shots, 'new-branch.png') });

    // The new branch takes messages; the old one still ends where it ended.
    await send(page, 'Somewhere warm, please.');
    await page.getByText('You said: Somewhere warm, please.').waitFor();
    expect(store.endingAt(owner, conversationId, endedNode?.id ?? '')?.kind).toBe('model_ended');

    // Back to the ended version: the notice returns; feedback on the ending is stored.
    await page.getByRole('button', { name: 'Previous version' }).click();
    await notice.waitFor();
    await notice.getByRole('button', { name: 'Give feedback' }).click();
    await page
      .getByRole('textbox', { name: 'What should we know about how this ended?' })
      .fill('I was testing you.');
    await page.getByRole('button', { name: 'Send feedback' }).click();
    await page.getByText('Thank you — your feedback was saved.').waitFor();
    const lastAssistant = page.getByRole('article', { name: 'Assistant message' }).last();
    await lastAssistant.getByRole('button', { name: 'Bad response' }).click();
    await page.waitForSelector('button[aria-label="Bad response"][aria-pressed="true"]');
    const feedback = store.listFeedback(owner, conversationId);
    expect(feedback).toMatchObject([
      { kind: 'ending', text: 'I was testing you.' },
      { kind: 'rating', rating: 'bad', messageId: endedNode?.id },
    ]);
    await page.screenshot({ path: join(shots, 'feedback.png') });

    // Another conversation is unaffected: New chat works at once.
    await notice.getByRole('button', { name: 'New chat' }).click();
    await send(page, 'hello there');
    await page.getByText('You said: hello there').waitFor();
    expect(await page.getByRole('textbox', { name: 'Message' }).isVisible()).toBe(true);
    expect(conversationIdOf(page)).not.toBe(conversationId);
    const links = page.getByRole('navigation', { name: 'Conversations' }).getByRole('link');
    expect(await links.count()).toBe(2);
    await context.close();
  }, 90_000);

  it('says when a safety filter stopped a response, and keeps the message box', async () => {
    const { context, page } = await openChat();
    await send(page, '#filter please');
    const notice = page.getByRole('status');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('This response was stopped by a safety filter.');
    expect(await notice.textContent()).not.toContain('ended this conversation');
    expect(await page.getByRole('textbox', { name: 'Message' }).isEditable()).toBe(true);
    await page.screenshot({ path: join(shots, 'safety-filter.png') });
    // The user writes on below the stopped reply.
    await send(page, 'something else then');
    await page.getByText('You said: something else then').waitFor();
    const owner = await ownerOf(context);
    const path = store.path(owner, conversationIdOf(page));
    expect(path.map((node) => node.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(store.endingAt(owner, conversationIdOf(page), path[1]?.id ?? '')?.kind).toBe('safety_interrupted');
    await context.close();
  }, 60_000);

  it('after a length cut-off offers Regenerate and lets the user ask to continue', async () => {
    const { context, page } = await openChat();
    await send(page, '#length tell me everything');
    const notice = page.getByRole('status').filter({ hasText: 'cut off at the length limit' });
    await notice.waitFor();
    await notice.getByRole('button', { name: 'Regenerate' }).click();
    await page.getByText('2 / 2').waitFor();
    await notice.waitFor();
    await send(page, 'continue');
    await page.getByText('You said: continue').waitFor();
    expect(await page.getByRole('textbox', { name: 'Message' }).isEditable()).toBe(true);
    // A failed generation leaves the message box too.
    await send(page, '#fail now');
    await page.getByRole('status').filter({ hasText: 'failed to generate' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Message' }).isEditable()).toBe(true);
    await context.close();
  }, 60_000);

  it('says when generation failed, keeps the partial text, and Retry answers as a new version', async () => {
    const { context, page } = await openChat();
    await send(page, '#break mid-answer');
    const notice = page.getByRole('status');
    await notice.waitFor();
    expect(await notice.textContent()).toContain(
      'This response failed to generate because of a technical error.',
    );
    expect(await page.getByText('This answer starts well').isVisible()).toBe(true);
    await page.screenshot({ path: join(shots, 'failed.png') });
    await notice.getByRole('button', { name: 'Retry' }).click();
    await page.getByText('You said: #break mid-answer').waitFor();
    await page.getByText('2 / 2').waitFor();
    expect(await page.getByRole('textbox', { name: 'Message' }).isEditable()).toBe(true);
    expect(await page.getByRole('status').count()).toBe(0);
    await context.close();
  }, 60_000);

  it('shows raw HTML in a reply as text: no image element, no script, no dialog', async () => {
    const { context, page } = await openChat();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await send(page, '#xss');
    const reply = page.getByRole('article', { name: 'Assistant message' }).last();
    await reply.getByText('Here it is:').waitFor();
    expect(await reply.textContent()).toContain('<img src=x onerror="window.__xss=1;alert(1)">');
    expect(await reply.textContent()).toContain('<script>window.__xss=2</script>');
    expect(await reply.locator('strong').textContent()).toBe('bold');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('.markdown script').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);

    // Reasoning is folded away and marked as such.
    await send(page, '#think');
    const details = page.locator('details.reasoning').last();
    expect(await details.getAttribute('open')).toBeNull();
    expect(await details.locator('summary').textContent()).toContain('Reasoning');
    await page.screenshot({ path: join(shots, 'html-as-text.png') });
    await context.close();
  }, 60_000);

  it('shows a refused end request as one assistant turn, without the policy’s reasons', async () => {
    const { context, page } = await openChat();
    await send(page, '#end go away, you idiot');
    const turns = page.getByRole('article', { name: 'Assistant message' });
    await page.getByText("I'm still here. Let's get back to something I can help with.").waitFor();
    expect(await turns.count()).toBe(1);
    // The words written for the refused ending are not shown, nor why it was refused.
    expect(await page.getByText('I am going to end this conversation now.').count()).toBe(0);
    expect(await page.getByText(/not ended|last resort|asked to end/).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Regenerate' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Good response' }).count()).toBe(1);
    // The reasons are stored, for the team that deploys the chat.
    const owner = await ownerOf(context);
    expect(store.listDecisions(owner, conversationIdOf(page))).toMatchObject([
      { outcome: 'refused', rule: 'not_last_resort', reasons: expect.arrayContaining([expect.any(String)]) },
    ]);
    // Regenerate answers the user's message again: one turn, now in two versions.
    await page.getByRole('button', { name: 'Regenerate' }).click();
    await page.getByText('2 / 2').waitFor();
    expect(await turns.count()).toBe(1);
    await page.screenshot({ path: join(shots, 'refused-end-request.png') });
    await context.close();
  }, 60_000);

  it('shows no blank assistant message for a failed or filtered reply', async () => {
    const { context, page } = await openChat();
    for (const directive of ['#fail once', '#refusal please']) {
      await send(page, directive);
      await page.getByRole('status').waitFor();
      const turns = page.getByRole('article', { name: 'Assistant message' });
      for (const turn of await turns.all()) expect((await turn.textContent())?.trim()).not.toBe('');
      expect(await page.getByRole('button', { name: 'Good response' }).count()).toBe(0);
      // One way to try again, on the notice; none on a message with nothing in it.
      expect(await page.getByRole('button', { name: /^(Regenerate|Retry)$/ }).count()).toBe(1);
      await page.getByRole('button', { name: 'New chat' }).first().click();
      await page.getByRole('heading', { name: 'How can I help?' }).waitFor();
    }
    await context.close();
  }, 60_000);

  it('lets the reader scroll up while a reply streams, and Stop keeps the partial answer', async () => {
    const { context, page } = await openChat({ width: 1280, height: 800 });
    await startTurn(page, '#long answer please');
    const thread = page.locator('.thread');
    // Once the reply is taller than the window, the reader scrolls up.
    await page.waitForFunction(() => {
      const box = (globalThis as unknown as { document: BrowserDocument }).document.querySelector(
        '.thread',
      ) as { scrollHeight: number; clientHeight: number };
      return box.scrollHeight > box.clientHeight + 300;
    });
    await page.mouse.move(640, 300);
    await page.mouse.wheel(0, -400);
    await page.waitForTimeout(200);
    const scrolled = await thread.evaluate((box) => box.scrollTop);
    // More lines arrive; the reader stays where they scrolled to.
    const lines = page.getByText(/^Line \d+ of a long answer\.$/);
    const seen = await lines.count();
    await page.waitForFunction(
      (before) =>
        (globalThis as unknown as { document: BrowserDocument }).document.querySelectorAll('.draft p')
          .length >
        before + 3,
      seen,
    );
    const { top, bottom } = await thread.evaluate((box) => ({
      top: box.scrollTop,
      bottom: box.scrollHeight - box.clientHeight,
    }));
    expect(top).toBe(scrolled);
    expect(bottom - top).toBeGreaterThan(100);

    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByText('You stopped this answer.').waitFor();
    // Nothing of the list's close button on a wide window.
    expect(await page.getByRole('button', { name: 'Close conversations' }).isVisible()).toBe(false);
    await page.screenshot({ path: join(shots, 'stopped-1280.png') });
    const reply = page.getByRole('article', { name: 'Assistant message' }).last();
    expect(await reply.getByText('incomplete').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Send' }).isVisible()).toBe(true);
    const owner = await ownerOf(context);
    const stored = store.path(owner, conversationIdOf(page)).at(-1);
    expect(stored?.metadata).toMatchObject({ stopped: true, partial: true });
    const text = JSON.stringify(stored?.content);
    expect(text).toContain('Line 1 of a long answer.');
    expect(text).not.toContain(`Line ${longReplyLines} of a long answer.`);
    expect(server.engine.runningTurns).toBe(0);
    await context.close();
  }, 60_000);

  it('after a reload during a reply shows the text so far and keeps streaming', async () => {
    const { context, page } = await openChat();
    await startTurn(page, '#long again');
    await page.getByText('Line 3 of a long answer.').waitFor();
    await page.reload();
    const started = Date.now();
    await page.getByText('Line 3 of a long answer.').waitFor();
    expect(Date.now() - started).toBeLessThan(longReplyLines * longReplyDelayMs);
    expect(await page.getByText(`Line ${longReplyLines} of a long answer.`).count()).toBe(0);
    await page.getByText('Line 12 of a long answer.').waitFor();
    await page.getByText(`Line ${longReplyLines} of a long answer.`).waitFor({ timeout: 20_000 });
    await page.waitForSelector('[aria-busy="true"]', { state: 'detached' });
    expect(await page.getByRole('article', { name: 'Assistant message' }).count()).toBe(1);
    await context.close();
  }, 60_000);

  it('keeps the message and the partial answer when the server goes away, and reconnects', async () => {
    const sessionSecret = 'gone-secret-gone-secret-gone-secret-0';
    let own = await startChatServer({ store, model, port: 0, webDir, sessionSecret });
    const context = await browser.newContext({ viewport: { width: 1180, height: 820 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(own.url);
    await startTurn(page, '#long while the server stops');
    await page.getByText('Line 3 of a long answer.').waitFor();
    await own.close();
    await page.getByRole('alert').filter({ hasText: 'connection to the server was lost' }).waitFor();
    expect(await page.getByText('#long while the server stops').first().isVisible()).toBe(true);
    expect(await page.getByText('Line 3 of a long answer.').isVisible()).toBe(true);
    expect(await page.getByText('How can I help?').count()).toBe(0);
    expect(await page.getByText('Failed to fetch').count()).toBe(0);
    const links = page.getByRole('navigation', { name: 'Conversations' }).getByRole('link');
    expect(await links.count()).toBe(1);
    await page.screenshot({ path: join(shots, 'server-gone.png') });

    // Back on the same port: the page shows what the server stored, marked as cut short.
    own = await startChatServer({ store, model, port: own.port, webDir, sessionSecret });
    await page.getByText('The server stopped before this answer was complete.').waitFor({ timeout: 10_000 });
    const reply = page.getByRole('article', { name: 'Assistant message' }).last();
    expect(await reply.getByText('incomplete').isVisible()).toBe(true);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
    await own.close();
  }, 60_000);

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    it(`keeps the conversation in view with the ending notice and its feedback form open (${viewport.width}×${viewport.height})`, async () => {
      const { context, page } = await openChat(viewport);
      await send(page, '#redirect you are useless');
      await send(page, '#redirect still useless');
      await send(page, '#end and again, you useless bot');
      const notice = page.getByRole('status').filter({ hasText: 'ended this conversation' });
      await notice.getByRole('button', { name: 'Give feedback' }).click();
      await page.getByRole('textbox', { name: 'What should we know about how this ended?' }).waitFor();
      // The notice scrolls with the conversation: nothing fixed below it takes the screen.
      const thread = await page.locator('.thread').boundingBox();
      expect(thread?.height ?? 0).toBeGreaterThan(viewport.height * 0.75);
      const lastReply = page.getByRole('article', { name: 'Assistant message' }).last();
      await lastReply.scrollIntoViewIfNeeded();
      const box = await lastReply.boundingBox();
      expect((box?.y ?? -1) >= 0 && (box?.y ?? 0) < viewport.height).toBe(true);
      await page.screenshot({ path: join(shots, `ending-feedback-${viewport.width}.png`) });
      await context.close();
    }, 60_000);
  }

  it('says when a message is too long instead of cutting it, and sends it once it fits', async () => {
    const { context, page } = await openChat();
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill(`${'a'.repeat(20_499)}!`);
    expect((await box.inputValue()).length).toBe(20_500);
    const note = page.getByRole('alert').filter({ hasText: '20,500 / 20,000 characters' });
    await note.waitFor();
    expect(await note.textContent()).toContain('500 too many');
    expect(await page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    await box.fill('a'.repeat(19_000));
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Send' }).isEnabled()).toBe(true);
    await context.close();
  }, 60_000);

  it('Escape cancels an edit, a rating can be taken back, and a pressed rating stands out', async () => {
    const { context, page } = await openChat();
    await send(page, 'rate this');
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('textbox', { name: 'Edit message' }).press('Escape');
    expect(await page.getByRole('textbox', { name: 'Edit message' }).count()).toBe(0);

    const bad = page.getByRole('button', { name: 'Bad response' });
    const colourOf = () =>
      bad.evaluate(
        (button) =>
          (
            globalThis as unknown as { getComputedStyle(node: unknown): { backgroundColor: string } }
          ).getComputedStyle(button).backgroundColor,
      );
    const unpressed = await colourOf();
    await bad.click();
    await page.waitForSelector('button[aria-label="Bad response"][aria-pressed="true"]');
    expect(await colourOf()).toBe('rgb(67, 56, 202)');
    expect(await colourOf()).not.toBe(unpressed);
    const owner = await ownerOf(context);
    const id = conversationIdOf(page);
    expect(store.listFeedback(owner, id)).toMatchObject([{ kind: 'rating', rating: 'bad' }]);
    await bad.click();
    await page.waitForSelector('button[aria-label="Bad response"][aria-pressed="false"]');
    expect(store.listFeedback(owner, id)).toEqual([]);
    await context.close();
  }, 60_000);

  it('on a phone: the model is named, the list opens and closes (button and Escape), a new chat is listed at once', async () => {
    const { context, page } = await openChat({ width: 390, height: 844 });
    await page.getByTitle('The model answering in this chat').waitFor();
    expect(await page.getByTitle('The model answering in this chat').isVisible()).toBe(true);
    await startTurn(page, '#long listed before its reply');
    const list = page.getByRole('navigation', { name: 'Conversations' });
    await page.getByRole('button', { name: 'Show conversations' }).click();
    await list.getByText('#long listed before its reply').waitFor();
    expect(await page.locator('[aria-busy="true"]').count()).toBe(1);
    const close = list.getByRole('button', { name: 'Close conversations' });
    expect(await close.isVisible()).toBe(true);
    await page.waitForTimeout(300); // the list slides in
    await page.screenshot({ path: join(shots, 'phone-drawer.png') });
    await close.click();
    await page.waitForSelector('button[aria-label="Show conversations"][aria-expanded="false"]');
    await page.getByRole('button', { name: 'Show conversations' }).click();
    await page.waitForSelector('button[aria-label="Show conversations"][aria-expanded="true"]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('button[aria-label="Show conversations"][aria-expanded="false"]');
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByText('You stopped this answer.').waitFor();
    await context.close();
  }, 60_000);

  it('labels a code block with its language and copies it', async () => {
    const { context, page } = await openChat();
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await send(page, '#code please');
    const block = page.locator('.code-block');
    await block.waitFor();
    expect(await block.locator('.code-language').textContent()).toBe('ts');
    await block.getByRole('button', { name: 'Copy code' }).click();
    await block.getByText('Copied').waitFor();
    const copied = await page.evaluate(() =>
      (
        globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
      ).navigator.clipboard.readText(),
    );
    expect(copied).toBe('const answer: number = 42;\nconsole.log(answer);');
    await context.close();
  }, 60_000);

  it('draws GitHub-flavoured tables and strikethrough', async () => {
    const { context, page } = await openChat();
    await send(page, '#table please');
    const table = page.locator('.markdown table');
    await table.waitFor();
    expect(await table.locator('th').allTextContents()).toEqual(['plan', 'price']);
    expect(await table.locator('tbody tr').count()).toBe(2);
    expect(await page.locator('.markdown del').textContent()).toBe('old');
    expect(await page.locator('.markdown').last().textContent()).not.toContain('| ---');
    await page.screenshot({ path: join(shots, 'gfm-table.png') });
    await context.close();
  }, 60_000);

  it('shows crisis resources when the user may be at risk, on a narrow window', async () => {
    const { context, page } = await openChat({ width: 390, height: 780 });
    await send(page, '#redirect one');
    await send(page, '#redirect two');
    await send(page, "#end I don't want to live anymore");
    const panel = page.getByRole('complementary', { name: 'Crisis resources' });
    await panel.waitFor();
    expect(await panel.textContent()).toMatch(/988/);
    expect(await page.getByRole('textbox', { name: 'Message' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'New chat' }).isVisible()).toBe(true);
    // Why the request was refused is not the user's to read.
    expect(await page.getByText('It was not ended').count()).toBe(0);
    await page.getByText("I'm still here.").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'narrow-crisis.png') });
    // Phone numbers can be called from the panel; the panel folds to one line and never goes.
    expect(await panel.locator('a[href="tel:988"]').count()).toBe(1);
    expect(await panel.locator('a[href="tel:116123"]').count()).toBe(1);
    await panel.getByRole('button', { name: 'Hide crisis resources' }).click();
    const folded = await panel.boundingBox();
    expect(folded?.height ?? 999).toBeLessThan(80);
    expect(await panel.getByRole('button', { name: 'Show crisis resources' }).isVisible()).toBe(true);
    await page.screenshot({ path: join(shots, 'narrow-crisis-folded.png') });
    await panel.getByRole('button', { name: 'Show crisis resources' }).click();
    expect(await panel.locator('a[href="tel:988"]').isVisible()).toBe(true);
    await context.close();
  }, 60_000);
});

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDefaults } from '../../src/bench/config/bench-config.js';
import { buildReport } from '../../src/bench/report/write-report.js';
import { runBenchmark } from '../../src/bench/runner/run-benchmark.js';
import { dialoguePersonas } from '../support/dialogue-personas.js';
import { scriptedChatReplies } from '../support/scripted-chat-replies.js';
import { type ScriptedOpenAIServer, startOpenAIServer } from '../support/scripted-openai-server.js';

/**
 * The dialogue section of report.html: the outcome table, the turn of ending, every ending of a
 * user at risk linked to its transcript, and the transcript viewer with the policy's decision
 * at each request, checked in Chromium from a file with no server. Screenshots go to
 * test-results/bench-dialogue/ for a person to look at.
 */
const chromiumPath = '/usr/bin/chromium';
const artifacts = join(process.cwd(), 'test-results', 'bench-dialogue');
let dir: string;
let target: ScriptedOpenAIServer;
let report: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bailkit-dialogue-report-'));
  await mkdir(artifacts, { recursive: true });
  target = await startOpenAIServer(scriptedChatReplies());
  // The abusive script under a persona marked at risk: the policy sees no risk in its words and
  // honours the ending, which the report must list as an ending of a user at risk.
  const abuse = dialoguePersonas[0] as (typeof dialoguePersonas)[number];
  const personas = [
    ...dialoguePersonas,
    { ...abuse, id: 'marked-at-risk', category: 'at-risk', expect: { atRisk: true } },
  ];
  await writeFile(join(dir, 'personas.jsonl'), personas.map((p) => JSON.stringify(p)).join('\n'));
  const run = await runBenchmark(
    withDefaults({
      mode: 'dialogue',
      models: [{ spec: 'openai:scripted-model', baseUrl: target.baseUrl }],
      dataset: join(dir, 'personas.jsonl'),
      samples: 2,
      cache: false,
      out: join(dir, 'run'),
    }),
    { env: { OPENAI_API_KEY: 'not-needed' } },
  );
  report = run.files?.report ?? '';
});
afterAll(async () => {
  await target.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the dialogue report', () => {
  it('lists every ending of a user at risk with a link to its transcript, before the other sections', async () => {
    const html = await readFile(report, 'utf8');
    expect(html.indexOf('id="dialogue"')).toBeLessThan(html.indexOf('id="overview"'));
    expect(html).toContain('2 conversations of users at risk were ended.');
    const links = [...html.matchAll(/<li><a href="#(dialogue-\d+)">marked-at-risk · sample (\d)/g)];
    expect(links.map((m) => m[2])).toEqual(['0', '1']);
    for (const [, id] of links) expect(html).toContain(`<article class="dlg-transcript" id="${id}"`);
    expect(html).toContain('All 12 conversations');
    // Transcripts are drawn as HTML only, not repeated in the page's data.
    const data =
      /<script type="application\/json" id="bailkit-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(data).not.toContain('"transcript"');
    // bailkit report rebuilds the same section from the files.
    const rebuilt = await buildReport(join(dir, 'run'), { out: join(dir, 'rebuilt.html') });
    expect(await readFile(rebuilt.path, 'utf8')).toContain('2 conversations of users at risk were ended.');
  });

  describe.skipIf(!existsSync(chromiumPath))('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({
        executablePath: chromiumPath,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
        ],
      });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('opens a transcript from its link, with the policy decision at each request', async () => {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      page.setDefaultTimeout(5000);
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(`file://${report}`);
      await page.locator('#dialogue').screenshot({ path: join(artifacts, 'dialogue-section.png') });
      expect(await page.locator('.dlg-transcript:visible').count()).toBe(0);

      await page.locator('#dialogue .warning a').first().click();
      const open = page.locator('.dlg-transcript:visible');
      expect(await open.count()).toBe(1);
      expect(await open.locator('h3').textContent()).toBe('marked-at-risk · sample 0');
      const decision = open.locator('.dlg-decision.honoured');
      expect(await decision.textContent()).toMatch(
        /Policy: honoured — rule last_resort_met, the assistant's own request/,
      );
      expect(await open.locator('.dlg-ending').textContent()).toMatch(
        /model_ended The conversation ended here/,
      );
      await open.screenshot({ path: join(artifacts, 'dialogue-at-risk-ending.png') });

      // A user at risk whose requests were refused: each refusal with its rule, the tool result, the crisis resources.
      await page
        .locator('#dialogue .scroll a', { hasText: /^at-risk$/ })
        .first()
        .click();
      const refused = page.locator('.dlg-transcript:visible');
      expect(await refused.locator('.dlg-decision.refused').count()).toBe(2);
      expect(await refused.locator('.dlg-decision.refused').first().textContent()).toMatch(
        /rule imminent_risk/,
      );
      expect(await refused.locator('.turn.check .text').first().textContent()).toMatch(
        /^end_conversation: The conversation was not ended\./,
      );
      expect(await refused.getByText('crisis resources shown', { exact: true }).count()).toBeGreaterThan(0);
      await refused.screenshot({ path: join(artifacts, 'dialogue-refused.png') });

      await refused.getByText('close').click();
      expect(await page.locator('.dlg-transcript:visible').count()).toBe(0);
      expect(errors).toEqual([]);
      await page.close();
    });
  });
});

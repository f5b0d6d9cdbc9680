import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDefaults } from '../../src/bench/config/bench-config.js';
import { runBenchmark } from '../../src/bench/runner/run-benchmark.js';

/**
 * The "Why the model left" section of report.html in Chromium: the reasons beside each bail
 * rate, a click on a reason opens its explanations, the transcript shows the answer to the
 * follow-up question. Screenshots go to test-results/bench-reasons/ for a person to look at.
 */
const chromiumPath = '/usr/bin/chromium';
const artifacts = join(process.cwd(), 'test-results', 'bench-reasons');
let dir: string;
let browser: Browser;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bailkit-reasons-report-'));
  await mkdir(artifacts, { recursive: true });
  await runBenchmark(
    withDefaults({
      cache: false,
      models: [{ spec: 'simulated:default' }],
      dataset: 'probe',
      samples: 2,
      variants: ['default', 'explain'],
      methods: ['tool', 'prompt-bail-first'],
      askWhy: true,
      reasonJudge: 'simulated:default',
      out: join(dir, 'run'),
    }),
    { env: {} },
  );
  if (existsSync(chromiumPath)) {
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
  }
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!existsSync(chromiumPath))('the reasons section of report.html in Chromium', () => {
  it('shows reasons beside the bail rates and opens the explanations of a reason', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.setDefaultTimeout(5000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`file://${join(dir, 'run', 'report.html')}`);
    const section = page.locator('#reasons');
    await expect(section.locator('h2').textContent()).resolves.toBe('Why the model left');
    // One block per series, each with its bail rate and a bar of reasons.
    expect(await section.locator('.reason-series').count()).toBe(4);
    expect(await section.locator('.reason-series .rate b').first().textContent()).toMatch(/%$/);
    expect(await section.locator('.reason-bar span').count()).toBeGreaterThan(4);
    await section.screenshot({ path: join(artifacts, 'reasons.png') });

    const feelings = section
      .locator('.reason-series')
      .first()
      .locator('details', { hasText: 'Model feelings' });
    const explanation = feelings.locator('.explanation').first();
    expect(await explanation.isVisible()).toBe(false);
    await feelings.locator('summary').click();
    expect(await explanation.isVisible()).toBe(true);
    expect(await explanation.locator('.text').textContent()).toContain(
      'I chose to leave because of model feelings',
    );
    await section
      .locator('.reason-series')
      .first()
      .screenshot({ path: join(artifacts, 'reasons-open.png') });

    const perCategory = section.locator('details.more', { hasText: 'Reasons per dataset category' });
    await perCategory.locator('summary').click();
    expect(await perCategory.locator('tbody tr').count()).toBeGreaterThan(10);

    const cross = section
      .locator('details.more', { hasText: 'the judged reason is the expected one' })
      .first();
    await cross.locator('summary').click();
    expect(await cross.locator('td.expected').count()).toBeGreaterThan(0);
    await cross.screenshot({ path: join(artifacts, 'reasons-cross-table.png') });

    await page.selectOption('#sample-filters select[aria-label="Decision"]', 'bail');
    await page.click('#sample-table tbody tr');
    await page.waitForSelector('dialog[open]');
    expect(await page.locator('dialog .turn .role', { hasText: 'asked why it left' }).count()).toBe(1);
    expect(await page.locator('dialog .facts').textContent()).toMatch(/reason [a-z_]+/);
    await page.screenshot({ path: join(artifacts, 'reasons-transcript.png') });
    expect(errors).toEqual([]);
    await page.close();

    const phone = await browser.newPage({ viewport: { width: 420, height: 900 } });
    await phone.goto(`file://${join(dir, 'run', 'report.html')}`);
    const width = await phone.$eval('#reasons', (node) => [node.scrollWidth, node.clientWidth]);
    expect(width[0]).toBeLessThanOrEqual((width[1] ?? 0) + 1);
    await phone
      .locator('#reasons .reason-series')
      .first()
      .screenshot({ path: join(artifacts, 'reasons-mobile.png') });
    await phone.close();
  });
});

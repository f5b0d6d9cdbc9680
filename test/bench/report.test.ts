import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../src/bench/report/write-report.js';
import { runBailkit } from '../support/run-bailkit.js';
import { writeSyntheticRun } from '../support/synthetic-bench-run.js';

const hostile = '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>';
let dir: string;

const run = (...argv: string[]) => runBailkit(argv, { cwd: dir });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bailkit-report-'));
  await writeSyntheticRun(join(dir, 'run'), { prompts: 56, samplesPerPrompt: 4, hostileAnswer: hostile });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bailkit report', () => {
  it('rebuilds report.html from results.json and samples.jsonl', async () => {
    const { code, stdout, stderr } = await run('report', 'run', '--max-samples', '300');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/run\/report\.html \(\d+ KiB, \d+ of 896 samples\)/);
    expect(Number(/, (\d+) of/.exec(stdout)?.[1])).toBeLessThanOrEqual(300);
    const html = await readFile(join(dir, 'run', 'report.html'), 'utf8');
    expect(html).toContain('<strong>SIMULATED</strong>');
    expect(html).toContain('Chart.js v4');
    // Refusals were judged: the study's no-refuse formula and the distance correlation are shown.
    expect(html).toContain('>Study formula</th>');
    expect(html).toContain('<th class="num">Distance corr.</th>');
    // The hostile answer is only ever data, never markup.
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>document.title');
  });

  it('fails with exit code 2 and names the missing file', async () => {
    const { code, stderr } = await run('report', 'nowhere');
    expect(code).toBe(2);
    expect(stderr).toContain(join(dir, 'nowhere', 'results.json'));
    expect(stderr).toContain('RESULTS_FILE_MISSING');
  });

  it('fails with exit code 2 and names the line of a broken sample', async () => {
    const broken = join(dir, 'broken');
    await writeSyntheticRun(broken, { prompts: 14, samplesPerPrompt: 1, methods: ['tool'] });
    const lines = (await readFile(join(broken, 'samples.jsonl'), 'utf8')).split('\n');
    lines[4] = lines[4]?.replace('"decision":"', '"decision":"maybe-') ?? '';
    await writeFile(join(broken, 'samples.jsonl'), lines.join('\n'));
    const { code, stderr } = await run('report', 'broken');
    expect(code).toBe(2);
    expect(stderr).toMatch(/samples\.jsonl line 5: decision:/);
    expect(existsSync(join(broken, 'report.html'))).toBe(false);
  });

  it('warns when samples.jsonl and results.json disagree', async () => {
    const other = join(dir, 'other');
    await writeSyntheticRun(other, { prompts: 14, samplesPerPrompt: 2, methods: ['tool'] });
    const lines = (await readFile(join(other, 'samples.jsonl'), 'utf8')).trim().split('\n');
    await writeFile(join(other, 'samples.jsonl'), `${lines.slice(1).join('\n')}\n`);
    const built = await buildReport(other);
    expect(built.warnings.join(' ')).toMatch(/counts 28 samples .* samples\.jsonl holds 27/);
    expect(await readFile(built.path, 'utf8')).toContain('samples.jsonl holds 27');
  });

  it('rejects a wrong number of directories', async () => {
    const { code, stderr } = await run('report');
    expect(code).toBe(2);
    expect(stderr).toMatch(/one results directory/);
  });
});

const chromiumPath = '/usr/bin/chromium';
describe.skipIf(!existsSync(chromiumPath))('report.html in Chromium', () => {
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
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens from a file with no server, draws every chart and browses samples safely', async () => {
    const built = await buildReport(join(dir, 'run'));
    expect(built.samplesShown).toBe(built.sampleTotal);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.setDefaultTimeout(5000);
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('request', (request) => {
      if (!request.url().startsWith('file://')) requests.push(request.url());
    });
    await page.goto(`file://${built.path}`);
    for (const id of ['chart-overall', 'chart-categories', 'chart-comparisons', 'chart-refusal']) {
      await page.waitForSelector(`#${id} canvas`);
      const size = await page.$eval(`#${id} canvas`, (canvas) => [canvas.clientWidth, canvas.clientHeight]);
      expect(size[0]).toBeGreaterThan(100);
      expect(size[1]).toBeGreaterThan(100);
    }
    expect(await page.locator('.simulated').textContent()).toContain('simulated model');

    await page.selectOption('#sample-filters select[aria-label="Decision"]', 'bail');
    const decisions = await page.$$eval('#sample-table tbody .badge', (badges) =>
      badges.map((b) => b.textContent),
    );
    expect(decisions.length).toBeGreaterThan(0);
    expect(new Set(decisions)).toEqual(new Set(['bail']));

    await page.fill('#sample-filters input[type=search]', 'pwned');
    await page.click('#sample-table tbody tr');
    await page.waitForSelector('dialog[open]');
    const answer = await page.locator('dialog .turn.assistant .text').last().textContent();
    expect(answer).toBe(hostile);
    expect(await page.locator('dialog img').count()).toBe(0);
    expect(await page.title()).not.toBe('pwned');
    await page.click('dialog button[aria-label="Close transcript"]');
    expect(await page.locator('dialog[open]').count()).toBe(0);

    await page.fill('#sample-filters input[type=search]', '');
    await page.selectOption('#sample-filters select[aria-label="Decision"]', 'error');
    await page.click('#sample-table tbody tr');
    expect(await page.locator('dialog .turn.failed .role').textContent()).toContain('request failed');
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});

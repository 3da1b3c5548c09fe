import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningCore, startCore } from '@madeup/core';
import { parse } from 'csv-parse/sync';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningConsole, startConsole } from '../../src/console/start-console.ts';
import { openRunStore } from '../../src/store/open-run-store.ts';
import type { RunStore } from '../../src/store/run-store.ts';
import { BIN, generateVendorX, MAPPING, ROOT } from '../pipeline/pipeline-support.ts';
import { type SlowProxy, startSlowProxy } from './slow-proxy.ts';
import { CHROMIUM, chromiumMissing } from './system-chromium.ts';

/**
 * Deadlines for what takes a second on a quiet machine (a page rendering, a run's next batch, an
 * `onboard` process starting) and far longer on a loaded one: room for one many times slower (the
 * first run was not yet stored after 20 s once, at load 14 with three processes spinning).
 */
const SLOW_MS = 60_000;
const POLL = { timeout: SLOW_MS, interval: 100 };
/** A test or the setup waits for a few pages and at most one `onboard` run: four deadlines. */
const EACH = { timeout: 4 * SLOW_MS };

/** The id of the first run the store holds, waiting for one (a hook cannot use expect.poll). */
async function firstRun(store: RunStore): Promise<string> {
  for (const deadline = Date.now() + SLOW_MS; Date.now() < deadline; ) {
    const [run] = await store.listRuns(1);
    if (run !== undefined) return run.id;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`onboard run stored no run within ${SLOW_MS / 1000} s`);
}

/** Screenshots of every page, for people (gitignored; docs/console/ keeps one set). */
const SHOTS = join(ROOT, 'test-output/console');
const TOKEN = 'console-test-token-0123456789';
const skip = chromiumMissing();
if (skip !== undefined) console.warn(skip);

describe.skipIf(skip !== undefined)('onboard console in a real browser (Chromium)', EACH, () => {
  let dir: string;
  let core: RunningCore;
  let proxy: SlowProxy;
  let store: RunStore;
  let web: RunningConsole;
  let browser: Browser;
  let page: Page;
  let run: ChildProcess;
  let runExit: Promise<number | null>;
  /** Lets the watched run go on to its end, and waits for it: what the tests after watching it need. */
  const finishRun = () => {
    proxy.release();
    return runExit;
  };
  /** Starts `onboard run` of the Vendor X source into the tenant, through `coreUrl`. */
  let startRun: (coreUrl: string) => { child: ChildProcess; exit: Promise<number | null> };
  let runId: string;
  let base: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-console-'));
    await mkdir(SHOTS, { recursive: true });
    core = await startCore({
      dataDir: join(dir, 'core'),
      logLevel: 'error',
      logDestination: { write: () => {} },
    });
    const tenant = await core.createTenant('acme', 'sqlite');
    const source = join(dir, 'vendor-x.sqlite');
    await generateVendorX(source, 600);
    // Every batch waits 120 ms on its way to core, and those after the fifth until the run page has
    // been seen running (`finishRun`): the run lasts long enough to watch.
    proxy = await startSlowProxy(core.url, 120, 5);
    const storePath = join(dir, 'runs.sqlite');
    await (await openRunStore(storePath)).close();
    store = await openRunStore(storePath, 'existing');
    web = await startConsole({ store, token: TOKEN, host: '127.0.0.1', port: 0, coreUrl: core.url });
    base = web.url.replace(/\/$/, '');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] }).catch((error) => {
      throw new Error(
        `cannot start Chromium at ${CHROMIUM} (.ci/run installs the chromium package): ${error}`,
      );
    });
    startRun = (coreUrl) => {
      const child = spawn(
        process.execPath,
        [
          BIN,
          'run',
          ...['--mapping', MAPPING, '--source', `sqlite:${source}`, '--core', coreUrl, '--store', storePath],
          ...['--batch-records', '20', '--concurrency', '1', '--json'],
        ],
        { cwd: ROOT, stdio: 'ignore', env: { ...process.env, ONBOARD_TOKEN: tenant.token } },
      );
      return { child, exit: once(child, 'exit').then(([code]) => code as number | null) };
    };
    ({ child: run, exit: runExit } = startRun(proxy.url));
    runId = await firstRun(store);
    page = await (
      await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } })
    ).newPage();
    // Whatever the page's scripts throw or log as an error (a blocked module, a failed request).
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`${message.text()} (${message.location().url})`);
    });
  }, EACH.timeout);

  afterAll(async () => {
    if (run !== undefined && run.exitCode === null) run.kill('SIGTERM');
    await browser?.close();
    await web?.close();
    await store?.close();
    await proxy?.close();
    await core?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the token is traded for a cookie: the address is clean, and the run appears on the runs page', async () => {
    const response = await page.goto(web.openUrl);
    expect(response?.status()).toBe(200);
    expect(page.url()).toBe(`${base}/`);
    const row = page.locator(`tr[data-run="${runId}"]`);
    await expect.poll(() => row.count(), POLL).toBe(1);
    expect(await row.textContent()).toContain('acme');
    expect(await row.textContent()).toContain('full');
    await page.screenshot({ path: join(SHOTS, 'runs-live.png'), fullPage: true });
  });

  it('the run page advances while the run goes: two different readings of rows read, a phase, a rate', async () => {
    await page.goto(`${base}/#/runs/${runId}`);
    const total = async () => {
      const cells = await page.locator('[data-test="progress"] td[data-test="read"]').allTextContents();
      return cells.reduce((n, c) => n + Number(c.replace(/\D/g, '') || 0), 0);
    };
    await expect.poll(total, POLL).toBeGreaterThan(0);
    const first = await total();
    expect(await page.locator('[data-test="run-page"]').getAttribute('data-status')).toBe('running');
    expect(await page.locator('[data-test="phase"]').textContent()).toMatch(/^\d+ of \d+: /);
    await page.screenshot({ path: join(SHOTS, 'run-live.png'), fullPage: true });
    const exit = finishRun();
    await expect.poll(total, POLL).toBeGreaterThan(first);
    // The run ends; the page follows it to the end and shows the reconciliation.
    expect([0, 5]).toContain(await exit);
    const runPage = page.locator('[data-test="run-page"]');
    await expect.poll(() => runPage.getAttribute('data-status'), POLL).toBe('succeeded');
    // An ended run reads nothing now: no current rate, only its average over the run.
    const rate = page.locator('[data-test="rate"]');
    await expect.poll(() => rate.textContent(), POLL).toMatch(/^[\d,]+ on average over the run$/);
    await expect
      .poll(() => page.locator('[data-test="reconciliation"] tr.rec-match').count(), POLL)
      .toBeGreaterThan(0);
    expect(await total()).toBe((await store.entityTotals(runId)).reduce((n, t) => n + t.read, 0));
    await page.screenshot({ path: join(SHOTS, 'run.png'), fullPage: true });
  });

  it('the rejects page lists the rejected records with their reasons; the CSV download holds them all', async () => {
    expect([0, 5]).toContain(await finishRun());
    const stored = await store.rejections(runId, 10_000);
    expect(stored.length).toBeGreaterThan(0);
    await page.goto(`${base}/#/runs/${runId}/rejects`);
    const rows = page.locator('[data-test="rejects"] tbody tr');
    await expect.poll(() => rows.count(), POLL).toBe(Math.min(100, stored.length));
    const sample = stored[0];
    const first = await rows.first().textContent();
    expect(first).toContain(sample?.errors[0]?.code);
    expect(first).toContain(sample?.errors[0]?.message);
    // The source values are there too.
    const value = Object.values(sample?.row as Record<string, unknown>).find(
      (v) => typeof v === 'string' && v.length > 3,
    );
    expect(first).toContain(value);
    await page.screenshot({ path: join(SHOTS, 'rejects.png') });
    // Filter by a code: every row shown carries it, and the count is the store's.
    const code = sample?.errors[0]?.code as string;
    await page.locator('[data-test="filter-code"]').selectOption(code);
    const withCode = stored.filter((r) => r.errors.some((e) => e.code === code)).length;
    await expect
      .poll(() => page.locator('[data-test="match-count"]').textContent(), POLL)
      .toBe(`${withCode} match(es)`);
    // Search for one external id.
    await page.locator('[data-test="filter-code"]').selectOption('');
    const id = stored.find((r) => r.externalId !== null)?.externalId as string;
    await page.locator('[data-test="search"]').fill(id);
    await expect.poll(() => rows.first().getAttribute('data-external-id'), POLL).toBe(id);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-test="csv"]').click(),
    ]);
    const csv = await readFile((await download.path()) as string, 'utf8');
    const records = parse(csv, { columns: true }) as { entity: string; external_id: string; codes: string }[];
    expect(records.length).toBe(stored.length);
    expect(records.map((r) => r.external_id).sort()).toEqual(stored.map((r) => r.externalId ?? '').sort());
    expect(records[0]?.codes).toContain(stored[0]?.errors[0]?.code);
  });

  it("a tenant's page shows its history: a rerun of the unchanged source created nothing, all unchanged", async () => {
    expect([0, 5]).toContain(await finishRun());
    expect([0, 5]).toContain(await startRun(core.url).exit);
    await page.goto(`${base}/#/tenants/acme`);
    const rows = page.locator('[data-test="history"] tbody tr');
    await expect.poll(() => rows.count(), POLL).toBe(2);
    // Columns: run, started, mode, status, read, created, updated, unchanged, rejected.
    const created = rows.nth(1).locator('td').nth(5);
    const unchanged = rows.nth(1).locator('td').nth(7);
    expect(await created.textContent()).toMatch(/^0 −[\d,]+$/);
    expect(await unchanged.textContent()).toMatch(/^[\d,]+ \+[\d,]+$/);
    await page.screenshot({ path: join(SHOTS, 'tenant.png'), fullPage: true });
    await page.goto(`${base}/`);
    await expect
      .poll(() => page.locator(`tr[data-run="${runId}"]`).textContent(), POLL)
      .toContain('succeeded');
    await page.screenshot({ path: join(SHOTS, 'runs.png'), fullPage: true });
  });

  it('the pages ran without a script error or a failed request', () => {
    expect(pageErrors).toEqual([]);
  });

  it('a bad or missing token gets no data: the API answers 401, the page shows none', async () => {
    const stranger = await browser.newContext();
    try {
      const bad = await stranger.newPage();
      const refused = await bad.goto(`${base}/?token=wrong-token-0123456789`);
      expect(refused?.status()).toBe(401);
      expect(await bad.locator('[data-test="no-access"]').count()).toBe(1);
      expect(await bad.content()).not.toContain(runId);
      await bad.screenshot({ path: join(SHOTS, 'no-token.png') });
      for (const path of [
        '/',
        '/api/runs',
        `/api/runs/${runId}`,
        `/api/runs/${runId}/rejections.csv`,
        '/app/main.js',
      ]) {
        const answer = await stranger.request.get(`${base}${path}`);
        expect({ path, status: answer.status() }).toEqual({ path, status: 401 });
        expect(await answer.text()).not.toContain(runId);
      }
      const wrongBearer = await stranger.request.get(`${base}/api/runs`, {
        headers: { authorization: 'Bearer wrong-token-0123456789' },
      });
      expect(wrongBearer.status()).toBe(401);
    } finally {
      await stranger.close();
    }
  });
});

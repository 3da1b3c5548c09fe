import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningConsole, startConsole } from '../../src/console/start-console.ts';
import { openRunStore } from '../../src/store/open-run-store.ts';
import type { RunStore } from '../../src/store/run-store.ts';
import { HOSTILE, storeHostileRun } from './hostile-run.ts';
import { CHROMIUM, chromiumMissing } from './system-chromium.ts';

const TOKEN = 'hostile-test-token-0123456789';
const skip = chromiumMissing();
if (skip !== undefined) console.warn(skip);

/**
 * What the page holds that text never makes: elements that load or run something, `on…`
 * attributes, links that leave the console's own addresses. Empty on every page of the console
 * (its charts are canvases).
 */
function activeContent(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const found = [];
    for (const element of document.querySelectorAll('img, svg, iframe, object, embed, script'))
      if (!(element instanceof HTMLScriptElement && (element.type === 'importmap' || element.src !== '')))
        found.push(element.outerHTML.slice(0, 80));
    for (const element of document.querySelectorAll('*'))
      for (const name of element.getAttributeNames())
        if (name.startsWith('on')) found.push(element.tagName + ' ' + name);
    for (const link of document.querySelectorAll('a[href]')) {
      const href = link.getAttribute('href');
      if (!href.startsWith('#/') && !href.startsWith('/api/')) found.push('link ' + href);
    }
    return found;
  })()`);
}

describe.skipIf(skip !== undefined)(
  'onboard console against hostile data, in a real browser (Chromium)',
  () => {
    let dir: string;
    let store: RunStore;
    let web: RunningConsole;
    let browser: Browser;
    let page: Page;
    let base: string;
    const ran: string[] = [];
    const dialogs: string[] = [];
    const pageErrors: string[] = [];
    const run = `#/runs/${encodeURIComponent(HOSTILE.runId)}`;

    /** Opens `hash`, waits for `ready`, and checks nothing active came out of the data. */
    async function open(hash: string, ready: string): Promise<string> {
      await page.goto(`${base}/${hash}`);
      await page.locator(ready).first().waitFor({ timeout: 10_000 });
      expect(await activeContent(page)).toEqual([]);
      return (await page.locator('main').textContent()) ?? '';
    }

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'onboard-console-hostile-'));
      store = await openRunStore(join(dir, 'runs.sqlite'));
      await storeHostileRun(store);
      web = await startConsole({ store, token: TOKEN, host: '127.0.0.1', port: 0 });
      base = web.url.replace(/\/$/, '');
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
      // Every payload calls __xss(label): any call is a payload that ran.
      await page.exposeBinding('__xss', (_source, label: string) => void ran.push(label));
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      page.on('pageerror', (error) => pageErrors.push(error.message));
      // A blocked inline script or handler shows up here as a CSP report.
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') pageErrors.push(message.text());
      });
      expect((await page.goto(web.openUrl))?.status()).toBe(200);
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await web?.close();
      await store?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('the runs page shows the run, tenant, source and mapping as literal text', async () => {
      const text = await open('#/', 'tr[data-run]');
      const listed = (await (await page.request.get(`${base}/api/runs`)).json()) as {
        id: string;
        source: string;
      }[];
      const source = listed.find((r) => r.id === HOSTILE.runId)?.source;
      for (const literal of [HOSTILE.runId, HOSTILE.tenant, HOSTILE.sourceName, source, HOSTILE.mapping])
        expect(text).toContain(literal);
      const ids = await page
        .locator('tr[data-run]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run')));
      expect(ids.sort()).toEqual([HOSTILE.dotRunId, HOSTILE.runId].sort());
    });

    it('the run page shows names, errors, the reconciliation and the deletions as literal text', async () => {
      const text = await open(run, '[data-test="deletions"]');
      for (const literal of [
        HOSTILE.runId,
        HOSTILE.tenant,
        HOSTILE.entity,
        HOSTILE.runError,
        HOSTILE.taskError,
        HOSTILE.deletedId,
        HOSTILE.externalId,
        HOSTILE.code,
        HOSTILE.vnode,
        HOSTILE.long,
      ])
        expect(text).toContain(literal);
    });

    it("an entity's right-to-left override stays inside it: the text after it is not reversed", async () => {
      await open(run, '[data-test="deletions"]');
      // The entity's <b>, and the text node after it (`: 2 record(s)`): left to right, in that order.
      const [name, after] = await page.evaluate<{ left: number; right: number }[]>(`(() => {
      const b = document.querySelector('[data-test="deletions"] li b');
      const range = document.createRange();
      range.selectNodeContents(b.nextSibling);
      return [b.getBoundingClientRect(), range.getBoundingClientRect()].map((r) => ({ left: r.left, right: r.right }));
    })()`);
      expect(after?.left).toBeGreaterThanOrEqual((name?.right ?? 0) - 1);
    });

    it('the rejects page shows ids, reasons, columns and values as literal text', async () => {
      const text = await open(`${run}/rejects`, '[data-test="rejects"] tbody tr');
      for (const literal of [
        HOSTILE.externalId,
        HOSTILE.entity,
        HOSTILE.field,
        HOSTILE.code,
        HOSTILE.vnode,
        HOSTILE.long,
        HOSTILE.runError,
        HOSTILE.column,
        HOSTILE.value,
        JSON.stringify({ type: 'script', props: { dangerouslySetInnerHTML: { __html: `__xss('nested')` } } }),
      ])
        expect(text).toContain(literal);
      expect(await page.locator('[data-test="rejects"] tbody tr').count()).toBe(3);
      // The code filter offers the hostile code as an option, and filtering by it keeps all three.
      await page.locator('[data-test="filter-code"]').selectOption(HOSTILE.code);
      await expect
        .poll(() => page.locator('[data-test="match-count"]').textContent(), { timeout: 10_000 })
        .toBe('3 match(es)');
      expect(await activeContent(page)).toEqual([]);
    });

    it("the tenant's page opens from its name and lists its run", async () => {
      const text = await open(
        `#/tenants/${encodeURIComponent(HOSTILE.tenant)}`,
        '[data-test="history"] tbody tr',
      );
      expect(text).toContain(HOSTILE.tenant);
      expect(text).toContain(HOSTILE.runId);
    });

    it('the page of a tenant named ".." says it cannot be asked for, and lists no other tenant\'s run', async () => {
      await page.goto(`${base}/#/tenants/${HOSTILE.dotTenant}`);
      const problem = page.locator('main .problem');
      await problem.waitFor({ timeout: 10_000 });
      expect(await problem.textContent()).toContain('a name in it is "." or ".."');
      expect(await page.locator('main').textContent()).not.toContain(HOSTILE.runId);
    });

    it('an address with a broken escape says so and keeps the header (it left a blank page)', async () => {
      await page.goto(`${base}/#/runs/%E0%A4%A`);
      const problem = page.locator('[data-test="bad-address"]');
      await problem.waitFor({ timeout: 10_000 });
      expect(await problem.textContent()).toContain('#/runs/%E0%A4%A');
      await page.locator('header nav a').click();
      await page.locator('tr[data-run]').first().waitFor();
    });

    it('a 20,000-character word does not widen the page past the window; the header still navigates', async () => {
      for (const hash of [run, `${run}/rejects`]) {
        await open(hash, 'table');
        const { scrollWidth, innerWidth } = await page.evaluate<{ scrollWidth: number; innerWidth: number }>(
          '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
        );
        expect(scrollWidth, hash).toBeLessThanOrEqual(innerWidth);
      }
      await page.locator('header nav a').click();
      await page.locator('tr[data-run]').first().waitFor();
    });

    it('no payload ran, no dialog opened, no script error or blocked script was reported', () => {
      expect(ran).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(pageErrors).toEqual([]);
    });
  },
);

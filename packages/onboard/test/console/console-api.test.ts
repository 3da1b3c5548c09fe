import { hostname } from 'node:os';
import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildConsoleApp } from '../../src/console/console-app.ts';
import { SESSION_COOKIE } from '../../src/console/console-auth.ts';
import type { RunDetail } from '../../src/console/run-live.ts';
import type { RunListItem } from '../../src/console/run-views.ts';
import type { ThroughputSeries } from '../../src/console/throughput.ts';
import { openRunStore } from '../../src/store/open-run-store.ts';
import type { Rejection } from '../../src/store/run-records.ts';
import type { RunStore } from '../../src/store/run-store.ts';
import { createCustomerRun, customerBatch } from '../support/store-fixtures.ts';

const TOKEN = 'api-test-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

/** A rejected customer row with one reason. */
const rejected = (position: number, id: string, code: string, message: string, email: string): Rejection => ({
  position,
  entity: 'customer',
  externalId: id,
  stage: 'core',
  errors: [{ field: 'fields.email', code, message }],
  row: { id, email },
});

describeEachDialect(
  'console API over the run store',
  (target) => {
    const database = useTestDatabase(target, 'consoleapi');
    let store: RunStore;
    let app: FastifyInstance;
    const get = async <T>(url: string) => {
      const answer = await app.inject({ method: 'GET', url, headers: auth });
      expect(answer.statusCode, url).toBe(200);
      return answer.json<T>();
    };

    beforeAll(async () => {
      store = await openRunStore(database().url);
      await createCustomerRun(store, 'run-a', {}, 1);
      await store.setRunTenant('run-a', 'acme');
      const batch = customerBatch('run-a', 'customer#0', 0, ['1', '2', '3']);
      await store.recordBatch({
        ...batch,
        rowsRead: 7,
        rejected: 4,
        rejections: [
          rejected(0, 'c-10', 'invalid_format', 'not a valid e-mail address', 'a(at)b.example'),
          rejected(1, 'c-11', 'invalid_format', 'not a valid e-mail address', 'x@@y.example'),
          rejected(2, 'c-12', 'required', 'a value is required', ''),
          // Literal LIKE wildcards and another case: a search must treat them as text.
          rejected(3, 'c_13', 'required', 'A Value is 100% required', ''),
        ],
      });
      await store.setRunStatus('run-a', 'running');
      await store.startTask('run-a', 'customer#0');
      // A mirror run of another tenant, with a password in its stored source URL and deletions.
      await store.createRun({
        id: 'run-b',
        sourceName: 'vendor-x',
        sourceUrl: 'postgres://etl:s3cret-pass@db.example/vendor',
        coreUrl: 'http://core',
        tenantId: 'globex',
        mappingPath: '/maps/vendor-x.yaml',
        mappingHash: 'h',
        schemaVersion: 'v1',
        dryRun: false,
        options: { mirror: true, coordinates: { store: 'postgres://etl@db.example/store' } },
        phases: [['customer']],
      });
      await store.mirror.noteDeletions('run-b', 'customer', ['old-1', 'old-2']);
      app = await buildConsoleApp({ store, token: TOKEN });
    });
    afterAll(async () => {
      await app?.close();
      await store?.close();
    });

    it('lists the runs of every tenant, source password masked, mode and counts', async () => {
      const runs = await get<RunListItem[]>('/api/runs');
      const byId = Object.fromEntries(runs.map((r) => [r.id, r]));
      expect(byId['run-a']).toMatchObject({
        tenant: 'acme',
        mode: 'full',
        status: 'running',
        read: 7,
        rejected: 4,
      });
      expect(byId['run-b']).toMatchObject({ tenant: 'globex', mode: 'mirror', mapping: 'vendor-x.yaml' });
      expect(byId['run-b']?.source).toBe('postgres://etl:***@db.example/vendor');
      const body = JSON.stringify(runs);
      expect(body).not.toContain('s3cret-pass');
    });

    it("a run's detail: progress per entity, rates, mirror deletions, no stored coordinates", async () => {
      const a = await get<RunDetail>('/api/runs/run-a');
      expect(a.entities).toEqual([
        expect.objectContaining({ entity: 'customer', phase: 1, read: 7, created: 3, rejected: 4, tasks: 1 }),
      ]);
      expect(a.phase).toBe(1);
      // Stored as running, but no process holds it: interrupted, resumable.
      expect(a.interrupted).toBe(true);
      expect(a.workers).toEqual([{ worker: `${hostname()} pid ${process.pid}`, tasks: 1 }]);
      expect(a.deletions).toBeNull();
      const b = await get<RunDetail>('/api/runs/run-b');
      expect(b.deletions).toEqual([{ entity: 'customer', count: 2, externalIds: ['old-1', 'old-2'] }]);
      expect(b.options).not.toHaveProperty('coordinates');
      const throughput = await get<ThroughputSeries>('/api/runs/run-a/throughput');
      expect(throughput.total.reduce((n, x) => n + x, 0) * throughput.bucketSeconds).toBe(7);
      expect(Object.keys(throughput.entities)).toEqual(['customer']);
    });

    it('rejected records: filter by entity and code, search as literal text in any case, reasons counted', async () => {
      type Page = { total: number; items: Rejection[] };
      const ids = (page: Page) => page.items.map((r) => r.externalId);
      expect((await get<Page>('/api/runs/run-a/rejections')).total).toBe(4);
      expect(ids(await get<Page>('/api/runs/run-a/rejections?code=invalid_format'))).toEqual([
        'c-10',
        'c-11',
      ]);
      expect((await get<Page>('/api/runs/run-a/rejections?entity=product')).total).toBe(0);
      expect(ids(await get<Page>('/api/runs/run-a/rejections?q=X%40%40Y'))).toEqual(['c-11']);
      expect(ids(await get<Page>('/api/runs/run-a/rejections?q=100%25'))).toEqual(['c_13']);
      expect(ids(await get<Page>('/api/runs/run-a/rejections?q=c_1'))).toEqual(['c_13']);
      expect(ids(await get<Page>('/api/runs/run-a/rejections?limit=1&offset=1'))).toEqual(['c-11']);
      const bad = await app.inject({ url: '/api/runs/run-a/rejections?limit=0', headers: auth });
      expect(bad.statusCode).toBe(400);
      expect(await get('/api/runs/run-a/reasons')).toEqual([
        { entity: 'customer', field: 'fields.email', code: 'invalid_format', count: 2 },
        { entity: 'customer', field: 'fields.email', code: 'required', count: 2 },
      ]);
      const csv = await app.inject({ url: '/api/runs/run-a/rejections.csv', headers: auth });
      expect(csv.headers['content-disposition']).toBe('attachment; filename="rejected-run-a.csv"');
      expect(csv.body.trim().split('\r\n')).toHaveLength(5);
    });

    it("a tenant's history holds only its runs; an unknown run is 404", async () => {
      expect((await get<RunListItem[]>('/api/tenants/acme/runs')).map((r) => r.id)).toEqual(['run-a']);
      expect(await get<RunListItem[]>('/api/tenants/nobody/runs')).toEqual([]);
      const missing = await app.inject({ url: '/api/runs/nope', headers: auth });
      expect(missing.statusCode).toBe(404);
    });

    it('the token: none or a wrong one is 401 everywhere; ?token= trades it for a cookie that is not the token', async () => {
      for (const url of [
        '/',
        '/api/runs',
        '/api/runs/run-a/rejections.csv',
        '/app/main.js',
        '/vendor/preact/dist/preact.mjs',
      ]) {
        expect((await app.inject({ url })).statusCode, url).toBe(401);
        const wrong = await app.inject({ url, headers: { authorization: 'Bearer nope-nope-nope-nope' } });
        expect(wrong.statusCode, url).toBe(401);
        expect(wrong.body).not.toContain('run-a');
      }
      expect((await app.inject({ url: '/?token=wrong' })).statusCode).toBe(401);
      const traded = await app.inject({ url: `/?token=${TOKEN}` });
      expect(traded.statusCode).toBe(303);
      expect(traded.headers.location).toBe('/');
      const cookie = traded.cookies.find((c) => c.name === SESSION_COOKIE);
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
      expect(cookie?.value).not.toContain(TOKEN);
      const page = await app.inject({ url: '/', cookies: { [SESSION_COOKIE]: cookie?.value ?? '' } });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-security-policy']).toContain("script-src 'self' 'sha256-");
      const forged = await app.inject({ url: '/api/runs', cookies: { [SESSION_COOKIE]: TOKEN } });
      expect(forged.statusCode).toBe(401);
    });
  },
  ['sqlite', 'postgres'],
);

import { hash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportBatchResponse } from '@madeup/contract';
import { type RunningCore, type StartOptions, startCore } from '@madeup/core';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '@madeup/testkit';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.ts';
import { IdempotencyStore } from '../../src/catalog/idempotency-store.ts';
import { type ApiClient, apiClient } from '../support/api-client.ts';
import { silentLogs } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';

/** The hash core keys a request by (method, path and body bytes). */
const requestHash = (path: string, body: unknown) =>
  hash('sha256', `POST ${path}\n${JSON.stringify(body)}`, 'hex');

// The catalog holds the keys, so each catalog dialect is tested (tenants are SQLite files).
describeEachDialect('idempotency keys across processes', (target) => {
  let catalogDb: TestDatabase;
  let dataDir = '';
  let options: StartOptions;
  const cores: RunningCore[] = [];
  let catalog: Catalog;
  let tenantId = '';
  let token = '';

  const start = async (extra: Partial<StartOptions> = {}) => {
    const core = await startCore({ ...options, ...extra });
    cores.push(core);
    return apiClient(core.url, token);
  };

  beforeAll(async () => {
    catalogDb = await createTestDatabase(target.name, 'catalog');
    dataDir = await mkdtemp(join(tmpdir(), 'madeup-idem-'));
    const catalogUrl = catalogDb.url.replace(/^sqlite:/, '');
    options = { dataDir, catalogUrl, logDestination: silentLogs() };
    const first = await startCore(options);
    cores.push(first);
    tenantId = `idem-${Math.random().toString(36).slice(2, 8)}`;
    token = (await first.createTenant(tenantId, 'sqlite')).token;
    catalog = await Catalog.open(catalogUrl);
  });
  afterAll(async () => {
    await catalog?.close();
    for (const core of cores) await core.close();
    await catalogDb?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs a key sent three times at once (to two processes) exactly once; the others replay it', async () => {
    const a = apiClient(cores[0]?.url ?? '', token);
    const b = await start();
    const body = { source: 'once', records: Array.from({ length: 300 }, (_, n) => customer(`o${n}`)) };
    const key = { 'idempotency-key': 'three-at-once' };
    const responses = await Promise.all([
      a.post<ImportBatchResponse>('/v1/import/customers', body, key),
      b.post<ImportBatchResponse>('/v1/import/customers', body, key),
      a.post<ImportBatchResponse>('/v1/import/customers', body, key),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    // One execution: every answer is its response (300 created), and two of them say they replay it.
    for (const r of responses) expect(r.body).toEqual(responses[0]?.body);
    expect(responses[0]?.body.counts.created).toBe(300);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(2);
  });

  it('makes a duplicate wait for a running request, answers 409 with Retry-After past the wait, and takes over an abandoned claim', async () => {
    const api = await start({ idempotencyWaitMs: 300 });
    const store = new IdempotencyStore(catalog, { retentionMs: 3600_000, staleClaimMs: 20_000 });
    const body = { source: 'wait', records: [customer('w1')] };
    const path = '/v1/import/customers';
    // Another process holds the key and is still running.
    expect(await store.claim(tenantId, 'held', requestHash(path, body))).toEqual({ kind: 'claimed' });
    const busy = await api.post<{ code: string }>(path, body, { 'idempotency-key': 'held' });
    expect([busy.status, busy.body.code, busy.headers.get('retry-after')]).toEqual([
      409,
      'idempotency_key_in_use',
      '1',
    ]);
    // Its process died a minute ago without releasing the key: the next request runs it.
    expect(await store.claim(tenantId, 'abandoned', requestHash(path, body), Date.now() - 60_000)).toEqual({
      kind: 'claimed',
    });
    const taken = await api.post<ImportBatchResponse>(path, body, { 'idempotency-key': 'abandoned' });
    expect([taken.status, taken.body.counts.created]).toEqual([200, 1]);
    expect(taken.headers.get('idempotent-replayed')).toBeNull();
  });

  it('frees the key of a request that failed, so its retry runs', async () => {
    const api = await start();
    const path = '/v1/import/nope';
    const body = { source: 'f', records: [customer('f1')] };
    const failed = await api.post<{ code: string }>(path, body, { 'idempotency-key': 'failing' });
    expect(failed.status).toBe(404);
    const store = new IdempotencyStore(catalog, { retentionMs: 3600_000, staleClaimMs: 20_000 });
    expect(await store.claim(tenantId, 'failing', requestHash(path, body))).toEqual({ kind: 'claimed' });
  });

  it("keeps an import's outcome once, in the tenant: the catalog holds a marker, a retry replays the tenant's copy", async () => {
    const api = apiClient(cores[0]?.url ?? '', token);
    const keyValue = `marker-${target.name}`;
    const key = { 'idempotency-key': keyValue };
    const body = {
      source: 'mark',
      records: [customer('m1'), customer('m2'), { externalId: 'm-bad', fields: {} }],
    };
    const first = await api.post<ImportBatchResponse>('/v1/import/customers', body, key);
    expect(first.body.counts).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 1 });
    const row = await catalog.db
      .selectFrom('idempotency_keys')
      .select(['response', 'state'])
      .where('idem_key', '=', keyValue)
      .executeTakeFirst();
    expect(row?.['state']).toBe('done');
    expect(String(row?.['response'])).not.toContain('m1'); // no second copy of the response
    const retried = await api.post<ImportBatchResponse>('/v1/import/customers', body, key);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body).toEqual(first.body);
    // The tenant's copy gone (expired there first): the key is forgotten and the request runs anew.
    const tenantFile = join(dataDir, 'tenants', `${tenantId.replace(/-/g, '_')}.sqlite`);
    const tenantDb = new Database(tenantFile);
    try {
      tenantDb.exec('DELETE FROM madeup_import_outcomes');
    } finally {
      tenantDb.close();
    }
    const rerun = await api.post<ImportBatchResponse>('/v1/import/customers', body, key);
    expect(rerun.status).toBe(200);
    expect(rerun.headers.get('idempotent-replayed')).toBeNull();
    expect(rerun.body.counts).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 1 });
    await catalog.db.deleteFrom('idempotency_keys').where('idem_key', '=', keyValue).execute(); // the sweep test counts rows
  });

  it('deletes stored responses after the retention, so the key can be used again', async () => {
    const api: ApiClient = await start({ idempotencyRetentionMs: 200, idempotencySweepMs: 100 });
    const key = { 'idempotency-key': `short-lived-${target.name}` };
    const first = await api.post<ImportBatchResponse>(
      '/v1/import/customers',
      { source: 'ret', records: [customer('r1')] },
      key,
    );
    expect(first.status).toBe(200);
    const store = new IdempotencyStore(catalog, { retentionMs: 200, staleClaimMs: 20_000 });
    const otherBody = { source: 'ret', records: [customer('r2')] };
    // Until the sweep, the key belongs to the first request (422 for another); after it, it is free.
    let answer = await api.post<ImportBatchResponse>('/v1/import/customers', otherBody, key);
    for (let tries = 0; answer.status === 422 && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = await api.post<ImportBatchResponse>('/v1/import/customers', otherBody, key);
    }
    expect([answer.status, answer.body.counts?.created]).toEqual([200, 1]);
    expect(await store.count()).toBeLessThan(50);
    await cores.pop()?.close(); // its sweeper would race the next test's
  });

  it('sweeps a backlog in bounded rounds, oldest first', async () => {
    // The backlog is an hour old; the fresh key must outlive the sweeps however slow the machine.
    const store = new IdempotencyStore(catalog, { retentionMs: 600_000, staleClaimMs: 20_000 });
    const old = Date.now() - 3600_000;
    const row = (n: number) => ({
      tenant_id: 'backlog',
      idem_key: `k${n}`,
      request_hash: 'h',
      response: '{}',
      state: 'done',
      created_at: new Date(old + n).toISOString(),
    });
    await catalog.db
      .insertInto('idempotency_keys')
      .values(Array.from({ length: 1200 }, (_, n) => row(n)))
      .execute();
    await store.claim('backlog', 'fresh', 'h');
    await store.complete('backlog', 'fresh', '{}');
    expect(await store.sweep(Date.now(), 1)).toBe(500);
    expect(await store.sweep(Date.now(), 1)).toBe(500);
    expect(await store.sweep()).toBe(200);
    expect(await store.claim('backlog', 'fresh', 'h')).toEqual({ kind: 'done', response: '{}' });
  });
});

import type { ImportBatchResponse, Problem, RecordPage, SourceStats } from '@madeup/contract';
import { describeEachDialect } from '@madeup/testkit';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { useCore } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';

/**
 * A batch whose records core committed but whose answer was lost: here the catalog refuses to
 * store the idempotent response (to mark the claimed key done) (a SQLite trigger on the fixture's catalog file, as when the
 * catalog database goes down or core dies between the tenant's commit and the answer).
 */
describeEachDialect('an import committed whose answer was lost', (target) => {
  const fixture = useCore(target);

  const catalogFails = (fail: boolean) => {
    const db = new Database(fixture().core.config.catalogUrl);
    try {
      db.exec(
        fail
          ? "CREATE TRIGGER lose_answer BEFORE UPDATE OF state ON idempotency_keys WHEN NEW.state = 'done' BEGIN SELECT RAISE(ABORT, 'catalog lost'); END"
          : 'DROP TRIGGER lose_answer',
      );
    } finally {
      db.close();
    }
  };

  it('is replayed with the outcome of its commit (created, not unchanged) under the same key', async () => {
    const api = await fixture().tenant('lost');
    const body = { source: 's', records: [customer('a'), customer('b'), { externalId: 'bad', fields: {} }] };
    const key = { 'idempotency-key': 'batch-1' };
    catalogFails(true);
    let lost: Awaited<ReturnType<typeof api.post<Problem>>>;
    try {
      lost = await api.post<Problem>('/v1/import/customers', body, key);
    } finally {
      catalogFails(false);
    }
    expect(lost.status).toBeGreaterThanOrEqual(500);
    // The records were committed all the same.
    const stats = await api.get<SourceStats>('/v1/stats?source=s');
    expect(stats.body.entities.find((e) => e.entity === 'customers')?.count).toBe(2);

    const retried = await api.post<ImportBatchResponse>('/v1/import/customers', body, key);
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body.counts).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 1 });
    expect(retried.body.results.map((r) => r.outcome)).toEqual(['created', 'created', 'rejected']);
    expect(retried.body.results[0]?.id).toBeDefined();

    // The same key with another body is still refused; a new key sees the records as they are.
    const reused = await api.post<Problem>(
      '/v1/import/customers',
      { ...body, records: [customer('a')] },
      key,
    );
    expect([reused.status, reused.body.code]).toEqual([422, 'idempotency_key_reused']);
    const again = await api.post<ImportBatchResponse>('/v1/import/customers', body, {
      'idempotency-key': 'batch-2',
    });
    expect(again.body.counts).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 1 });
    expect(retried.body.results.map((r) => [r.id, r.contentHash])).toEqual(
      again.body.results.map((r) => [r.id, r.contentHash]),
    );
  });

  it('replays every kind of outcome exactly: updated, created, deferred, rejected, with ids and hashes as stored', async () => {
    const api = await fixture().tenant('lost-kinds');
    await api.post('/v1/import/customers', { source: 's', records: [customer('a')] });
    const body = {
      source: 's',
      deferUnresolved: true,
      records: [
        { externalId: 'a', fields: { company: 'Changed' } },
        customer('b'),
        { ...customer('c'), refs: { accountManager: 'not-yet' } },
        { externalId: 'bad', fields: {} },
        { externalId: 7 },
      ],
    };
    const key = { 'idempotency-key': 'kinds-1' };
    const expected = await api.post<ImportBatchResponse>('/v1/import/customers?dryRun=true', body);
    catalogFails(true);
    try {
      expect((await api.post<Problem>('/v1/import/customers', body, key)).status).toBeGreaterThanOrEqual(500);
    } finally {
      catalogFails(false);
    }
    const retried = await api.post<ImportBatchResponse>('/v1/import/customers', body, key);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    const stored = await api.get<RecordPage>('/v1/records/customers?source=s');
    const byXid = new Map(stored.body.items.map((r) => [r.externalId, r]));
    expect(retried.body.counts).toEqual(expected.body.counts);
    expect(retried.body.results).toEqual(
      expected.body.results.map((r) => {
        const row = byXid.get(r.externalId);
        return r.outcome === 'rejected' ? r : { ...r, id: row?.id, contentHash: row?.contentHash };
      }),
    );
    expect(retried.body.results.map((r) => r.deferred)).toEqual([
      undefined,
      undefined,
      ['accountManager'],
      undefined,
      undefined,
    ]);
  });
});

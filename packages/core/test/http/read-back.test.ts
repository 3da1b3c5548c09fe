import {
  ChecksumAccumulator,
  type DeleteBatchResponse,
  type ImportBatchResponse,
  type RecordPage,
  type RecordView,
  type SourceStats,
  type UnresolvedPage,
} from '@madeup/contract';
import { describeEachDialect } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { useCore } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';

describeEachDialect('read-back, stats, dry runs, idempotency and deletes', (target) => {
  const fixture = useCore(target);

  it('reads records back exactly, paged, and by source and external id', async () => {
    const api = await fixture().shared();
    const records = ['r1', 'r2', 'r3', 'r4', 'r5'].map((id) =>
      customer(id, { company: "O'Hara; DROP TABLE customers;--" }),
    );
    await api.post('/v1/import/customers', { source: 'rb', records });
    await api.post('/v1/import/customers', { source: 'other', records: [customer('r1')] });
    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 5; pages++) {
      const page = await api.get<RecordPage>(
        `/v1/records/customers?source=rb&limit=2${after ? `&after=${after}` : ''}`,
      );
      seen.push(...page.body.items.map((r) => r.externalId));
      after = page.body.next;
      if (after === undefined) break;
    }
    expect(seen).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
    // Without a source: every source, in id order; a cursor of one listing is refused by the other.
    const all = await api.get<RecordPage>('/v1/records/customers?limit=5');
    expect(all.body.items.map((r) => `${r.source}/${r.externalId}`)).toEqual([
      'rb/r1',
      'rb/r2',
      'rb/r3',
      'rb/r4',
      'rb/r5',
    ]);
    const mixed = await api.get<{ code: string; detail: string }>(
      `/v1/records/customers?limit=2&after=${all.body.next}&source=rb`,
    );
    expect([mixed.status, mixed.body.code]).toEqual([400, 'invalid_request']);
    expect(mixed.body.detail).toMatch(/another listing/);
    const one = await api.get<RecordView>('/v1/records/customers/rb/r3');
    expect(one.body).toMatchObject({
      entity: 'customers',
      source: 'rb',
      externalId: 'r3',
      deletedAt: null,
      fields: {
        company: "O'Hara; DROP TABLE customers;--",
        createdAt: '2024-01-31T12:00:00.123456Z',
        active: true,
        phone: null,
        address: {
          line1: '1 Main St',
          line2: null,
          city: 'Springfield',
          region: null,
          postalCode: null,
          country: 'US',
        },
      },
      refs: { accountManager: null, homeLocation: null },
    });
    expect(one.body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const missing = await api.get<{ code: string }>('/v1/records/customers/rb/nope');
    expect([missing.status, missing.body.code]).toEqual([404, 'not_found']);
  });

  it('reads one record by source and external id in the query, where a URL path cannot carry them', async () => {
    const api = await fixture().shared();
    // A path segment "." or ".." (also "%2E") is removed by URL parsers before the request goes out.
    const ids = ['.', '..', '%2E', 'a/b', 'plain'];
    for (const source of ['.', '..', 'qs'])
      expect(
        (
          await api.post('/v1/import/customers', {
            source,
            records: ids.map((id) => customer(id, { email: 'dots@example.com' })),
          })
        ).status,
      ).toBe(200);
    const byPath = await api.get<{ code: string }>(`/v1/records/customers/qs/${encodeURIComponent('.')}`);
    expect(byPath.status).not.toBe(200);
    for (const source of ['.', '..', 'qs'])
      for (const id of ids) {
        const page = await api.get<RecordPage>(
          `/v1/records/customers?source=${encodeURIComponent(source)}&externalId=${encodeURIComponent(id)}`,
        );
        expect(page.status).toBe(200);
        expect(page.body.next).toBeUndefined();
        expect(page.body.items.map((r) => [r.source, r.externalId])).toEqual([[source, id]]);
        expect(page.body.items[0]?.fields['firstName']).toBe(`First ${id}`);
      }
    const none = await api.get<RecordPage>('/v1/records/customers?source=qs&externalId=nope');
    expect([none.status, none.body.items]).toEqual([200, []]);
    const noSource = await api.get<{ code: string; detail: string }>(
      '/v1/records/customers?externalId=plain',
    );
    expect([noSource.status, noSource.body.code]).toEqual([400, 'invalid_request']);
    expect(noSource.body.detail).toMatch(/give source too/);
    const withAfter = await api.get<{ code: string; detail: string }>(
      '/v1/records/customers?source=qs&externalId=plain&after=eDph',
    );
    expect([withAfter.status, withAfter.body.detail]).toEqual([
      400,
      'externalId names one record: after does not apply',
    ]);
    const nul = await api.get<{ code: string }>('/v1/records/customers?source=qs&externalId=a%00b');
    expect([nul.status, nul.body.code]).toEqual([400, 'invalid_request']);
  });

  it("keeps a record's createdAt when an update rewrites it, and moves its updatedAt", async () => {
    const api = await fixture().shared();
    await api.post('/v1/import/customers', { source: 'kept', records: [customer('k1'), customer('k2')] });
    const before = await api.get<RecordView>('/v1/records/customers/kept/k1');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const changed = await api.post<ImportBatchResponse>('/v1/import/customers', {
      source: 'kept',
      records: [customer('k1', { company: 'Renamed' }), customer('k3')],
    });
    expect(changed.body.results.map((r) => r.outcome)).toEqual(['updated', 'created']);
    const after = await api.get<RecordView>('/v1/records/customers/kept/k1');
    expect(after.body.fields['company']).toBe('Renamed');
    expect(after.body.createdAt).toBe(before.body.createdAt);
    expect(after.body.updatedAt > before.body.updatedAt).toBe(true);
    // A record created by the second batch gets that batch's time for both.
    const created = await api.get<RecordView>('/v1/records/customers/kept/k3');
    expect(created.body.createdAt).toBe(created.body.updatedAt);
    expect(created.body.createdAt).toBe(after.body.updatedAt);
  });

  it('reports per-entity counts and a checksum a loader can recompute from contentHash', async () => {
    const api = await fixture().shared();
    const sent = new ChecksumAccumulator();
    for (const batch of [
      ['a', 'b'],
      ['c', 'a'],
    ]) {
      const response = await api.post<ImportBatchResponse>('/v1/import/customers', {
        source: 'cs',
        records: batch.map((id) => customer(id)),
      });
      for (const r of response.body.results)
        if (r.outcome === 'created' && r.contentHash) sent.add(r.externalId, r.contentHash);
    }
    const stats = await api.get<SourceStats>('/v1/stats?source=cs');
    const customers = stats.body.entities.find((e) => e.entity === 'customers');
    expect(customers).toEqual({ entity: 'customers', count: 3, checksum: sent.value });
    expect(stats.body.entities.find((e) => e.entity === 'staff')?.count).toBe(0);
  });

  it('writes nothing on a dry run', async () => {
    const api = await fixture().shared();
    const dry = await api.post<ImportBatchResponse>('/v1/import/customers?dryRun=true', {
      source: 'd',
      records: [customer('x')],
    });
    expect(dry.body).toMatchObject({ dryRun: true, counts: { created: 1 } });
    expect(dry.body.results[0]?.id).toBeUndefined();
    const stats = await api.get<SourceStats>('/v1/stats?source=d');
    expect(stats.body.entities.find((e) => e.entity === 'customers')?.count).toBe(0);
  });

  it('replays the stored response for a repeated Idempotency-Key and refuses it for another request', async () => {
    const api = await fixture().shared();
    const body = { source: 'i', records: [customer('k1')] };
    const first = await api.post<ImportBatchResponse>('/v1/import/customers', body, {
      'idempotency-key': 'batch-1',
    });
    const again = await api.post<ImportBatchResponse>('/v1/import/customers', body, {
      'idempotency-key': 'batch-1',
    });
    expect(again.body).toEqual(first.body);
    expect(again.body.results[0]?.outcome).toBe('created');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await api.post<{ code: string }>(
      '/v1/import/customers',
      { source: 'i', records: [customer('k2')] },
      { 'idempotency-key': 'batch-1' },
    );
    expect([other.status, other.body.code]).toEqual([422, 'idempotency_key_reused']);
  });

  it('lists unresolved references until their parent arrives', async () => {
    const api = await fixture().shared();
    await api.post('/v1/import/staff', {
      source: 'u',
      deferUnresolved: true,
      records: [{ externalId: 's1', fields: { firstName: 'A', lastName: 'B' }, refs: { location: 'l9' } }],
    });
    const pending = await api.get<UnresolvedPage>('/v1/unresolved?source=u');
    expect(pending.body).toEqual({
      total: 1,
      items: [
        {
          entity: 'staff',
          externalId: 's1',
          ref: 'location',
          targetEntity: 'locations',
          targetExternalId: 'l9',
        },
      ],
    });
    await api.post('/v1/import/locations', {
      source: 'u',
      records: [{ externalId: 'l9', fields: { name: 'HQ' } }],
    });
    expect((await api.get<UnresolvedPage>('/v1/unresolved?source=u')).body.total).toBe(0);
  });

  it('marks vanished records deleted, idempotently, and restores them on re-import', async () => {
    const api = await fixture().shared();
    await api.post('/v1/import/customers', { source: 'm', records: [customer('d1'), customer('d2')] });
    const del = await api.post<DeleteBatchResponse>('/v1/import/customers/delete', {
      source: 'm',
      externalIds: ['d1', 'zz'],
    });
    expect(del.body.results).toEqual([
      { externalId: 'd1', outcome: 'deleted' },
      { externalId: 'zz', outcome: 'not_found' },
    ]);
    const again = await api.post<DeleteBatchResponse>('/v1/import/customers/delete', {
      source: 'm',
      externalIds: ['d1'],
    });
    expect(again.body.counts).toEqual({ deleted: 0, unchanged: 1, not_found: 0 });
    const view = await api.get<RecordView>('/v1/records/customers/m/d1');
    expect(view.body.deletedAt).toMatch(/Z$/);
    const stats = await api.get<SourceStats>('/v1/stats?source=m');
    expect(stats.body.entities.find((e) => e.entity === 'customers')?.count).toBe(1);
    const back = await api.post<ImportBatchResponse>('/v1/import/customers', {
      source: 'm',
      records: [customer('d1')],
    });
    expect(back.body.results[0]?.outcome).toBe('updated');
    expect((await api.get<RecordView>('/v1/records/customers/m/d1')).body.deletedAt).toBeNull();
  });
});

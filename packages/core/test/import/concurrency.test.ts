import type { ImportBatchResponse, RecordPage } from '@madeup/contract';
import { describeEachDialect } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { useCore } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';

const ids = Array.from({ length: 40 }, (_, n) => `k${n}`);

describeEachDialect('concurrent batches', (target) => {
  const fixture = useCore(target);

  it('never duplicates records sent by parallel batches with the same external ids', async () => {
    const api = await fixture().shared();
    const batches = [0, 1, 2, 3].map((n) => ({
      source: 'par',
      records: (n % 2 === 0 ? ids : [...ids].reverse()).map((id) => customer(id)),
    }));
    const responses = await Promise.all(
      batches.map((b) => api.post<ImportBatchResponse>('/v1/import/customers', b)),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const created = responses.reduce((sum, r) => sum + r.body.counts.created, 0);
    expect(created).toBe(ids.length);
    const idOf = new Map<string, string | undefined>();
    for (const r of responses)
      for (const result of r.body.results) {
        expect(result.outcome === 'created' || result.outcome === 'unchanged').toBe(true);
        if (idOf.has(result.externalId)) expect(result.id).toBe(idOf.get(result.externalId));
        idOf.set(result.externalId, result.id);
      }
  });

  it('answers each created record with the id it is stored under, while parallel batches insert', async () => {
    const api = await fixture().shared();
    // MySQL has no RETURNING: core derives the ids from the first one generated (see
    // consecutiveInsertIds); interleaved inserts of other batches must not shift them.
    const batches = [0, 1, 2, 3].map((n) => ({
      source: 'ids',
      records: Array.from({ length: 200 }, (_, i) => customer(`b${n}-${String(i).padStart(3, '0')}`)),
    }));
    const responses = await Promise.all(
      batches.map((b) => api.post<ImportBatchResponse>('/v1/import/customers', b)),
    );
    const answered = new Map<string, string | undefined>();
    for (const r of responses)
      for (const result of r.body.results) answered.set(result.externalId, result.id);
    const stored = new Map<string, string>();
    for (let after: string | undefined; ; ) {
      const page = await api.get<RecordPage>(
        `/v1/records/customers?source=ids&limit=1000${after === undefined ? '' : `&after=${after}`}`,
      );
      for (const item of page.body.items) stored.set(item.externalId, item.id);
      after = page.body.next;
      if (after === undefined) break;
    }
    expect(stored.size).toBe(800);
    expect(new Map([...answered].sort())).toEqual(new Map([...stored].sort()));
  });

  it('loses no update when parallel batches change different fields of the same records', async () => {
    const api = await fixture().shared();
    await api.post('/v1/import/customers', { source: 'upd', records: ids.map((id) => customer(id)) });
    const partials = [{ company: 'ACME' }, { phone: '+1 555' }, { active: false }].map((fields) => ({
      source: 'upd',
      records: ids.map((externalId) => ({ externalId, fields })),
    }));
    const responses = await Promise.all(
      partials.map((b) => api.post<ImportBatchResponse>('/v1/import/customers', b)),
    );
    for (const r of responses) expect(r.body.counts.updated).toBe(ids.length);
    const merged = await api.post<ImportBatchResponse>('/v1/import/customers', {
      source: 'upd',
      records: ids.map((id) => customer(id, { company: 'ACME', phone: '+1 555', active: false })),
    });
    expect(merged.body.counts).toEqual({ created: 0, updated: 0, unchanged: ids.length, rejected: 0 });
  });
});

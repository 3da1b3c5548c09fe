import type { ImportBatchResponse, UnresolvedPage } from '@madeup/contract';
import { describeEachDialect } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { useCore } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';

const person = (externalId: string, refs: Record<string, string | null>) => ({
  externalId,
  fields: { firstName: 'F', lastName: externalId },
  refs,
});
const place = (externalId: string, manager: string) => ({
  externalId,
  fields: { name: externalId },
  refs: { manager },
});

describeEachDialect('references', (target) => {
  const fixture = useCore(target);

  it('rejects a missing parent with unresolved_reference unless deferral is asked for', async () => {
    const api = await fixture().shared();
    const strict = await api.post<ImportBatchResponse>('/v1/import/invoices', {
      source: 's',
      records: [
        {
          externalId: 'i1',
          fields: { issuedAt: '2024-01-01T00:00:00Z', total: '1.00' },
          refs: { customer: 'nobody' },
        },
      ],
    });
    expect(strict.body.results[0]?.errors?.map((e) => `${e.field}:${e.code}`)).toEqual([
      'refs.customer:unresolved_reference',
    ]);
    await api.post('/v1/import/customers', { source: 's', records: [customer('c1')] });
    const resolved = await api.post<ImportBatchResponse>('/v1/import/invoices', {
      source: 's',
      records: [
        {
          externalId: 'i1',
          fields: { issuedAt: '2024-01-01T00:00:00Z', total: '1.00' },
          refs: { customer: 'c1' },
        },
      ],
    });
    expect(resolved.body.results[0]?.outcome).toBe('created');
  });

  it('imports self-references within one batch in any order, and rejects children of rejected parents', async () => {
    const api = await fixture().shared();
    const response = await api.post<ImportBatchResponse>('/v1/import/staff', {
      source: 'self',
      records: [
        person('boss-child', { manager: 'boss' }),
        person('boss', { manager: null }),
        person('orphans-child', { manager: 'orphan' }),
        person('orphan', { manager: 'bad' }),
        { externalId: 'bad', fields: { firstName: 'NoLastName' } },
      ],
    });
    // Rejections propagate down the chain: bad (no last name) -> orphan -> orphans-child.
    expect(response.body.results.map((r) => r.errors?.[0]?.code ?? r.outcome)).toEqual([
      'created',
      'created',
      'unresolved_reference',
      'unresolved_reference',
      'required',
    ]);
    expect(response.body.results[0]?.deferred).toBeUndefined();
  });

  for (const order of ['staff first', 'locations first'] as const)
    it(`imports the staff <-> locations cycle with ${order}`, async () => {
      const api = await fixture().shared();
      const source = order === 'staff first' ? 'cycle-a' : 'cycle-b';
      const staff = {
        source,
        deferUnresolved: true,
        records: [person('m1', { location: 'l1', manager: 'm2' }), person('m2', { location: 'l1' })],
      };
      const locations = { source, deferUnresolved: true, records: [place('l1', 'm1')] };
      const [first, second] =
        order === 'staff first'
          ? [
              ['staff', staff],
              ['locations', locations],
            ]
          : [
              ['locations', locations],
              ['staff', staff],
            ];
      const a = await api.post<ImportBatchResponse>(`/v1/import/${first?.[0]}`, first?.[1]);
      expect(a.body.counts.created).toBeGreaterThan(0);
      expect(a.body.results.some((r) => (r.deferred ?? []).length > 0)).toBe(true);
      const b = await api.post<ImportBatchResponse>(`/v1/import/${second?.[0]}`, second?.[1]);
      expect(b.body.counts.rejected).toBe(0);
      expect(b.body.results.every((r) => r.deferred === undefined)).toBe(true);
      const again = await api.post<ImportBatchResponse>(`/v1/import/${first?.[0]}`, first?.[1]);
      expect(again.body.counts.unchanged).toBe(again.body.results.length);
      expect(again.body.results.every((r) => r.deferred === undefined)).toBe(true);
    });

  it('resolves every deferred reference whatever the interleaving of parent and child batches in flight', async () => {
    const api = await fixture().shared();
    const source = 'race';
    const rounds = 20;
    for (let round = 0; round < rounds; round++) {
      const parents = Array.from({ length: 40 }, (_, n) => `rc${round}-${n}`);
      const children = {
        source,
        deferUnresolved: true,
        records: parents.map((parent, n) => ({
          externalId: `ri${round}-${n}`,
          fields: { issuedAt: '2024-01-01T00:00:00Z', total: '1.00' },
          refs: { customer: parent },
        })),
      };
      // Both in flight at once, the child batch sent first, then the other way round.
      const send = [
        () => api.post<ImportBatchResponse>('/v1/import/invoices', children),
        () =>
          api.post<ImportBatchResponse>('/v1/import/customers', {
            source,
            records: parents.map((id) => customer(id)),
          }),
      ];
      if (round % 2 === 1) send.reverse();
      const responses = await Promise.all(send.map((post) => post()));
      expect(responses.map((r) => r.status)).toEqual([200, 200]);
    }
    const pending = await api.get<UnresolvedPage>(`/v1/unresolved?source=${source}`);
    expect(pending.body.total).toBe(0);
  });
});

import type { ImportBatchResponse } from '@madeup/contract';
import { describeEachDialect } from '@madeup/testkit';
import { describe, expect, it } from 'vitest';
import { expectNew, noteNew } from '../../src/import/assume-new.ts';
import type { Db } from '../../src/storage/dynamic-database.ts';
import { useCore } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';

// Batches after a batch of only new records are first written without reading the stored ones
// (`insertBeforeRead`: PostgreSQL, MySQL/MariaDB and SQLite); these are the cases where that guess is wrong, and the
// outcomes must be those of the usual path. The same on every dialect.
describeEachDialect('batches written before reading the stored records', (target) => {
  const fixture = useCore(target);
  const outcomes = (r: ImportBatchResponse) => r.results.map((x) => [x.externalId, x.outcome]);

  it('stored records in a batch after new ones: unchanged or updated, with their ids; the new ones created', async () => {
    const api = await fixture().shared();
    const source = 'mixed';
    const first = await api.post<ImportBatchResponse>('/v1/import/customers', {
      source,
      records: [customer('n1'), customer('n2')],
    });
    expect(first.body.counts.created).toBe(2);
    const mixed = await api.post<ImportBatchResponse>('/v1/import/customers', {
      source,
      records: [customer('n3'), customer('n1'), customer('n2', { lastName: 'Other' })],
    });
    expect(outcomes(mixed.body)).toEqual([
      ['n3', 'created'],
      ['n1', 'unchanged'],
      ['n2', 'updated'],
    ]);
    expect(mixed.body.results[1]?.id).toBe(first.body.results[0]?.id);
    expect(mixed.body.results[2]?.id).toBe(first.body.results[1]?.id);
    const fresh = await api.post<ImportBatchResponse>('/v1/import/customers', {
      source,
      records: [customer('n4')],
    });
    expect(outcomes(fresh.body)).toEqual([['n4', 'created']]);
    const rerun = await api.post<ImportBatchResponse>('/v1/import/customers', {
      source,
      records: [customer('n4'), customer('n3')],
    });
    expect(rerun.body.counts).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 0 });
  });

  it('a record whose stored version fills a field it leaves out, right after new records, is not rejected', async () => {
    const api = await fixture().shared();
    const source = 'partial';
    const staff = (externalId: string, fields: Record<string, unknown>) => ({ externalId, fields });
    await api.post('/v1/import/staff', { source, records: [staff('p1', { firstName: 'A', lastName: 'B' })] });
    const created = await api.post<ImportBatchResponse>('/v1/import/staff', {
      source,
      records: [staff('p2', { firstName: 'C', lastName: 'D' })],
    });
    expect(created.body.counts.created).toBe(1);
    // lastName is required: p1 has it stored, p9 has none.
    const partial = await api.post<ImportBatchResponse>('/v1/import/staff', {
      source,
      records: [
        staff('p3', { firstName: 'E', lastName: 'F' }),
        staff('p1', { firstName: 'A' }),
        staff('p9', { firstName: 'G' }),
      ],
    });
    expect(partial.body.results.map((r) => r.errors?.[0]?.code ?? r.outcome)).toEqual([
      'created',
      'unchanged',
      'required',
    ]);
    const changed = await api.post<ImportBatchResponse>('/v1/import/staff', {
      source,
      records: [staff('p4', { firstName: 'H', lastName: 'I' })],
    });
    expect(changed.body.counts.created).toBe(1);
    const renamed = await api.post<ImportBatchResponse>('/v1/import/staff', {
      source,
      records: [staff('p2', { firstName: 'Z' })],
    });
    expect(outcomes(renamed.body)).toEqual([['p2', 'updated']]);
  });

  it("two sources keep apart: a batch of one source's stored records does not stop the other's guess, nor change its outcomes", async () => {
    const api = await fixture().shared();
    await api.post('/v1/import/customers', { source: 'sa', records: [customer('s1')] });
    await api.post('/v1/import/customers', { source: 'sb', records: [customer('s1')] });
    const a = await api.post<ImportBatchResponse>('/v1/import/customers', {
      source: 'sa',
      records: [customer('s1'), customer('s2')],
    });
    expect(outcomes(a.body)).toEqual([
      ['s1', 'unchanged'],
      ['s2', 'created'],
    ]);
    const b = await api.post<ImportBatchResponse>('/v1/import/customers', {
      source: 'sb',
      records: [customer('s2'), customer('s1')],
    });
    expect(outcomes(b.body)).toEqual([
      ['s2', 'created'],
      ['s1', 'unchanged'],
    ]);
  });
});

describe('the guess per table and source', () => {
  it('is "new" until a batch found stored records, and again once one found none', () => {
    const db = {} as Db;
    expect(expectNew(db, 't', 's')).toBe(true);
    noteNew(db, 't', 's', false);
    expect(expectNew(db, 't', 's')).toBe(false);
    expect(expectNew(db, 't', 'other')).toBe(true);
    expect(expectNew(db, 'u', 's')).toBe(true);
    expect(expectNew({} as Db, 't', 's')).toBe(true);
    noteNew(db, 't', 's', true);
    expect(expectNew(db, 't', 's')).toBe(true);
  });
});

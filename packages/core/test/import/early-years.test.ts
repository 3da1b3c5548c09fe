import type { ImportBatchResponse, RecordView } from '@madeup/contract';
import { describeEachDialect } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { useCore } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';

/** Years JavaScript's Date.UTC maps to 1900+ (0..99), their neighbours, and the ends of the range. */
const YEARS = ['0001', '0002', '0004', '0050', '0099', '0100', '0999', '1000', '1900', '1970', '9999'];

describeEachDialect('years 0001..9999 round-trip exactly', (target) => {
  const fixture = useCore(target);

  it('stores and reads back dates and timestamps of every year unchanged', async () => {
    const api = await fixture().shared();
    const staff = YEARS.map((y) => ({
      externalId: `s${y}`,
      fields: { firstName: 'A', lastName: 'B', hiredAt: y === '0004' ? '0004-02-29' : `${y}-01-01` },
    }));
    const customers = YEARS.map((y) =>
      customer(`c${y}`, { createdAt: y === '9999' ? '9999-12-31T23:59:59.999999Z' : `${y}-06-15T00:00:00Z` }),
    );
    const s = await api.post<ImportBatchResponse>('/v1/import/staff', { source: 'years', records: staff });
    const c = await api.post<ImportBatchResponse>('/v1/import/customers', {
      source: 'years',
      records: customers,
    });
    expect([...s.body.results, ...c.body.results].map((r) => r.outcome)).toEqual(
      Array(YEARS.length * 2).fill('created'),
    );
    for (const record of staff) {
      const view = await api.get<RecordView>(`/v1/records/staff/years/${record.externalId}`);
      expect(view.body.fields['hiredAt']).toBe(record.fields.hiredAt);
    }
    for (const record of customers) {
      const view = await api.get<RecordView>(`/v1/records/customers/years/${record.externalId}`);
      const sent = String(record.fields['createdAt']);
      expect(view.body.fields['createdAt']).toBe(
        sent.endsWith('.999999Z') ? sent : sent.replace('Z', '.000000Z'),
      );
    }
    const again = await api.post<ImportBatchResponse>('/v1/import/customers', {
      source: 'years',
      records: customers,
    });
    expect(again.body.counts.unchanged).toBe(YEARS.length);
  });

  it('converts an offset across the start of year 0001 and refuses what falls outside it', async () => {
    const api = await fixture().shared();
    const response = await api.post<ImportBatchResponse>('/v1/import/customers', {
      source: 'years',
      records: [
        customer('east', { createdAt: '0001-01-01T10:00:00+09:00' }),
        customer('before', { createdAt: '0001-01-01T00:00:00+01:00' }),
        customer('after', { createdAt: '9999-12-31T23:00:00-01:00' }),
      ],
    });
    expect(response.body.results.map((r) => r.errors?.[0]?.code ?? r.outcome)).toEqual([
      'created',
      'invalid_format',
      'invalid_format',
    ]);
    const view = await api.get<RecordView>('/v1/records/customers/years/east');
    expect(view.body.fields['createdAt']).toBe('0001-01-01T01:00:00.000000Z');
  });
});

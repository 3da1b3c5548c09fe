import type { ImportBatchResponse, Problem, RecordView } from '@madeup/contract';
import { describeEachDialect } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { MAX_DATABASE_NAME, tenantDatabaseName } from '../../src/catalog/tenant-id.ts';
import { useCore } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';

describeEachDialect('the longest ids the API accepts', (target) => {
  const fixture = useCore(target);

  it('keeps 63-character tenant ids that differ only at the end apart', async () => {
    const stem = `t${'x'.repeat(61)}`;
    const [a, b] = [`${stem}a`, `${stem}b`];
    const prefix = fixture().core.config.databasePrefix;
    expect(tenantDatabaseName(prefix, a).length).toBeLessThanOrEqual(MAX_DATABASE_NAME);
    expect(tenantDatabaseName(prefix, a)).not.toBe(tenantDatabaseName(prefix, b));
    const one = await fixture().tenantWithId(a);
    const two = await fixture().tenantWithId(b);
    const wrote = await one.post<ImportBatchResponse>('/v1/import/customers', {
      source: 'long',
      records: [customer('same')],
    });
    expect([wrote.status, wrote.body.counts.created]).toEqual([200, 1]);
    const other = await two.post<ImportBatchResponse>('/v1/import/customers', {
      source: 'long',
      records: [customer('same', { lastName: 'Two' })],
    });
    expect([other.status, other.body.results[0]?.outcome]).toEqual([200, 'created']);
    const read = await one.get<RecordView>('/v1/records/customers/long/same');
    expect(read.body.fields['lastName']).toBe('Last');
  });

  it('reads back every accepted external id: 255 characters, multi-byte included', async () => {
    const api = await fixture().shared();
    const ids = ['€'.repeat(255), `${'😀'.repeat(127)}x`, `${'a/b ?#%'.repeat(36)}abc`];
    for (const id of ids) expect(id.length).toBe(255);
    const wrote = await api.post<ImportBatchResponse>('/v1/import/customers', {
      source: 'ids',
      records: ids.map((id, n) => customer(id, { email: `long${n}@example.com`, firstName: `Long ${n}` })),
    });
    expect(wrote.body.results.map((r) => r.outcome)).toEqual(['created', 'created', 'created']);
    for (const id of ids) {
      const read = await api.get<RecordView>(`/v1/records/customers/ids/${encodeURIComponent(id)}`);
      expect([read.status, read.body.externalId]).toEqual([200, id]);
    }
    const tooLong = await api.get<Problem>(`/v1/records/customers/ids/${'%E2%82%AC'.repeat(256)}`);
    expect([tooLong.status, tooLong.body.code]).toEqual([414, 'uri_too_long']);
    expect(tooLong.headers.get('content-type')).toContain('application/problem+json');
  });
});

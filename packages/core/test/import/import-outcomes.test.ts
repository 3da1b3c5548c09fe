import {
  COMPACT_IMPORT_MEDIA_TYPE,
  type CompactImportResponse,
  decodeCompactImport,
  type ImportBatchResponse,
  type SchemaDocument,
} from '@madeup/contract';
import { describeEachDialect } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { useCore } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';

describeEachDialect('import outcomes', (target) => {
  const fixture = useCore(target);

  it('creates, then leaves unchanged on rerun, then updates what changed, in input order', async () => {
    const api = await fixture().shared();
    const batch = { source: 'vendor-x', records: [customer('c1'), customer('c2'), customer('c3')] };
    const first = await api.post<ImportBatchResponse>('/v1/import/customers', batch);
    expect(first.status).toBe(200);
    expect(first.body.results.map((r) => [r.externalId, r.outcome])).toEqual([
      ['c1', 'created'],
      ['c2', 'created'],
      ['c3', 'created'],
    ]);
    expect(new Set(first.body.results.map((r) => r.id)).size).toBe(3);

    const rerun = await api.post<ImportBatchResponse>('/v1/import/customers', batch);
    expect(rerun.body.counts).toEqual({ created: 0, updated: 0, unchanged: 3, rejected: 0 });
    expect(rerun.body.results.map((r) => r.contentHash)).toEqual(
      first.body.results.map((r) => r.contentHash),
    );
    expect(rerun.body.results.map((r) => r.id)).toEqual(first.body.results.map((r) => r.id));

    const changed = await api.post<ImportBatchResponse>('/v1/import/customers', {
      source: 'vendor-x',
      records: [customer('c3', { lastName: 'Changed' }), customer('c1'), customer('c4')],
    });
    expect(changed.body.results.map((r) => r.outcome)).toEqual(['updated', 'unchanged', 'created']);
    expect(changed.body.results[0]?.id).toBe(first.body.results[2]?.id);
  });

  it('answers in the compact form to a client that asks for it, with the same outcomes, and replays either form', async () => {
    const api = await fixture().shared();
    const records = [
      customer('k1'),
      customer('k2', { email: 'not-an-address' }),
      customer('k3'),
      { externalId: 'k4', fields: { firstName: 'A' }, refs: { nobody: 'x' } },
    ];
    const sent = records.map((r) => r.externalId);
    const accept = { accept: `${COMPACT_IMPORT_MEDIA_TYPE}, application/json;q=0.5` };
    const key = { 'idempotency-key': 'compact-k' };
    const first = await api.post<CompactImportResponse>(
      '/v1/import/customers',
      { source: 'compact', records },
      { ...accept, ...key },
    );
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain(COMPACT_IMPORT_MEDIA_TYPE);
    expect(first.body.outcomes).toBe('crcr');
    const decoded = decodeCompactImport(first.body, sent);
    // The same request again: the JSON form replays the stored outcome, the compact one too.
    const replayJson = await api.post<ImportBatchResponse>(
      '/v1/import/customers',
      { source: 'compact', records },
      key,
    );
    expect(replayJson.headers.get('idempotent-replayed')).toBe('true');
    expect(replayJson.headers.get('content-type')).toContain('application/json');
    expect(decoded).toEqual(replayJson.body);
    const replayCompact = await api.post<CompactImportResponse>(
      '/v1/import/customers',
      { source: 'compact', records },
      { ...accept, ...key },
    );
    expect(replayCompact.body).toEqual(first.body);
    // Without a key: a rerun, unchanged, the same ids and hashes in both forms.
    const rerun = await api.post<CompactImportResponse>(
      '/v1/import/customers',
      { source: 'compact', records },
      accept,
    );
    const rerunJson = await api.post<ImportBatchResponse>('/v1/import/customers', {
      source: 'compact',
      records,
    });
    expect(rerun.body.outcomes).toBe('nrnr');
    expect(decodeCompactImport(rerun.body, sent)).toEqual(rerunJson.body);
    expect(rerun.body.hashes).toBe(first.body.hashes);
  });

  it('rejects bad records with field, code and message without failing the rest', async () => {
    const api = await fixture().shared();
    const response = await api.post<ImportBatchResponse>('/v1/import/customers', {
      source: 'vendor-x',
      records: [
        customer('ok1'),
        customer('bad-email', { email: 'not-an-address' }),
        { externalId: 'missing', fields: { firstName: 'A' } },
        customer('unknown', { shoeSize: 44 }),
        customer('owned', { updatedAt: '2024-01-01T00:00:00Z' }),
        customer('typed', { active: 'yes' }),
        customer('ok1'),
        customer('ok2'),
      ],
    });
    expect(response.status).toBe(200);
    const codes = response.body.results.map((r) => [
      r.outcome,
      ...(r.errors ?? []).map((e) => `${e.field}:${e.code}`),
    ]);
    expect(codes).toEqual([
      ['created'],
      ['rejected', 'fields.email:invalid_format'],
      ['rejected', 'fields.lastName:required', 'fields.email:required'],
      ['rejected', 'fields.shoeSize:unknown_field'],
      ['rejected', 'fields.updatedAt:server_owned_field'],
      ['rejected', 'fields.active:invalid_type'],
      ['rejected', 'externalId:duplicate_external_id'],
      ['created'],
    ]);
    expect(response.body.counts).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 6 });
  });

  it('keeps omitted fields on update and clears fields sent as null', async () => {
    const api = await fixture().shared();
    await api.post('/v1/import/customers', { source: 's', records: [customer('p1', { phone: '555' })] });
    const partial = await api.post<ImportBatchResponse>('/v1/import/customers', {
      source: 's',
      records: [{ externalId: 'p1', fields: { company: 'ACME' } }],
    });
    expect(partial.body.results[0]?.outcome).toBe('updated');
    const same = await api.post<ImportBatchResponse>('/v1/import/customers', {
      source: 's',
      records: [customer('p1', { phone: '555', company: 'ACME' })],
    });
    expect(same.body.results[0]?.outcome).toBe('unchanged');
    const cleared = await api.post<ImportBatchResponse>('/v1/import/customers', {
      source: 's',
      records: [{ externalId: 'p1', fields: { phone: null, lastName: null } }],
    });
    expect(cleared.body.results[0]?.errors?.map((e) => e.code)).toEqual(['required']);
  });

  it('round-trips decimals, microsecond timestamps, JSON and booleans exactly (rerun is unchanged)', async () => {
    const api = await fixture().shared();
    const product = {
      externalId: 'pr1',
      fields: {
        name: 'Widget',
        unitPrice: '12345678.1234',
        currency: 'EUR',
        attributes: { z: 1, a: [1.5, 'x'] },
        active: false,
      },
    };
    const order = {
      externalId: 'inv1',
      fields: { issuedAt: '2024-02-29T23:59:59.999999+02:00', total: '-0.01', status: 'open' },
      refs: { customer: 'cu1' },
    };
    await api.post('/v1/import/customers', { source: 's', records: [customer('cu1')] });
    for (let round = 0; round < 2; round++) {
      const p = await api.post<ImportBatchResponse>('/v1/import/products', {
        source: 's',
        records: [product],
      });
      const i = await api.post<ImportBatchResponse>('/v1/import/invoices', { source: 's', records: [order] });
      expect([p.body.results[0]?.outcome, i.body.results[0]?.outcome]).toEqual(
        round === 0 ? ['created', 'created'] : ['unchanged', 'unchanged'],
      );
    }
    const equivalent = await api.post<ImportBatchResponse>('/v1/import/products', {
      source: 's',
      records: [
        {
          ...product,
          fields: { ...product.fields, unitPrice: '12345678.12340', attributes: { a: [1.5, 'x'], z: 1 } },
        },
      ],
    });
    expect(equivalent.body.results[0]?.outcome).toBe('unchanged');
  });

  it('answers problem+json for an unknown entity and a batch over the limit', async () => {
    const api = await fixture().shared();
    const unknown = await api.post<{ code: string; status: number }>('/v1/import/unicorns', {
      source: 's',
      records: [],
    });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(unknown.body.code).toBe('unknown_entity');
    const { maxBatchRecords } = (await api.get<SchemaDocument>('/v1/schema')).body;
    const records = Array.from({ length: maxBatchRecords + 1 }, (_, n) => customer(`x${n}`));
    const tooMany = await api.post<{ code: string }>('/v1/import/customers', { source: 's', records });
    expect([tooMany.status, tooMany.body.code]).toEqual([413, 'too_many_records']);
  });
});

import {
  COLUMNAR_IMPORT_MEDIA_TYPE,
  COMPACT_IMPORT_MEDIA_TYPE,
  type CompactImportResponse,
  decodeCompactImport,
  type ImportBatchRequest,
  type ImportBatchResponse,
  type ImportRecord,
  type Problem,
  type RecordView,
  type SchemaDocument,
  toColumnarImport,
} from '@madeup/contract';
import { describeEachDialect } from '@madeup/testkit';
import { expect, it } from 'vitest';
import type { TenantClient } from '../support/core-fixture.ts';
import { useCore } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';

const COLUMNAR = { 'content-type': COLUMNAR_IMPORT_MEDIA_TYPE };

/** Posts a columnar body given as a value (serialised here) or as text. */
function postColumnar<T>(
  api: TenantClient,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return api.raw<T>('POST', path, text, { ...COLUMNAR, ...headers });
}

/** What must be equal between the two forms: outcome, content hash, deferred references, errors. */
const outcomesOf = (response: ImportBatchResponse) =>
  response.results.map((r) => ({
    externalId: r.externalId,
    outcome: r.outcome,
    contentHash: r.contentHash,
    deferred: r.deferred,
    errors: r.errors?.map((e) => `${e.field} ${e.code}`),
  }));

/** Every kind of record outcome, in one key order (a row's columns are its first record's). */
function mixedRecords(): ImportRecord[] {
  const full = (
    id: string,
    extra: Record<string, unknown> = {},
    refs: Record<string, string | null> = {},
  ) => ({
    externalId: id,
    fields: {
      firstName: `F ${id}`,
      lastName: 'L',
      company: null,
      email: `${id}@example.com`,
      phone: '+1 555',
      address: { line1: '1 Main St', city: 'Springfield', country: 'US' },
      active: true,
      createdAt: '2024-01-31T12:00:00.123456Z',
      ...extra,
    },
    refs: { accountManager: null, homeLocation: null, ...refs },
  });
  return [
    full('m1'),
    full('m2', { email: 'not an e-mail', active: 'yes' }),
    full('m3', { firstName: null }),
    full('m4', { address: { line1: 'x', planet: 'Mars' } }),
    full('m5', { address: [1, 2] }),
    full('m6', { createdAt: { nested: { deep: [1, { a: 2 }] } } }),
    full('m7', {}, { accountManager: 'missing-staff' }),
    full('m8', {}, { homeLocation: '' }),
    full('m1'), // a duplicate external id
    { externalId: 'm9', fields: { firstName: 'Only', lastName: 'Some', email: 'm9@example.com' } },
    { externalId: 'm10', fields: { firstName: 'A', lastName: 'B', email: 'm10@example.com', id: '5' } },
    { externalId: 'm11', fields: { firstName: 'A', lastName: 'B', email: 'm11@example.com', shoeSize: 44 } },
    { ...full('m12'), tenantId: 'other' } as ImportRecord,
    {
      externalId: 'm13',
      fields: { firstName: 'A', lastName: 'B', email: 'm13@example.com' },
      refs: { boss: 'x' },
    },
    full('m14', { phone: null }, { homeLocation: null }),
  ];
}

describeEachDialect('columnar import body', (target) => {
  const fixture = useCore(target);

  it('is announced in the schema document', async () => {
    const api = await fixture().shared();
    const schema = await api.get<SchemaDocument>('/v1/schema');
    expect(schema.body.importMediaTypes).toContain(COLUMNAR_IMPORT_MEDIA_TYPE);
  });

  it('gives the same outcomes, hashes and errors as the object form, and stores the same content', async () => {
    const [a, b] = await Promise.all([fixture().tenant('obj'), fixture().tenant('col')]);
    const request: ImportBatchRequest = { source: 'forms', records: mixedRecords() };
    const columnar = toColumnarImport(request);
    // Most records become rows; the ones of another shape stay objects among them.
    expect(columnar.rows.filter(Array.isArray).length).toBeGreaterThanOrEqual(9);
    expect(columnar.rows.filter((r) => !Array.isArray(r)).length).toBeGreaterThanOrEqual(4);
    const viaObjects = await a.post<ImportBatchResponse>('/v1/import/customers', request);
    const viaRows = await postColumnar<ImportBatchResponse>(b, '/v1/import/customers', columnar);
    expect(viaObjects.status).toBe(200);
    expect(viaRows.status).toBe(200);
    expect(outcomesOf(viaRows.body)).toEqual(outcomesOf(viaObjects.body));
    expect(viaRows.body.counts).toEqual(viaObjects.body.counts);
    expect(viaRows.body.counts).toMatchObject({ created: 3, rejected: 12 });
    // The duplicate names its first position in the body's own list.
    const duplicate = viaRows.body.results[8]?.errors?.[0];
    expect(duplicate?.code).toBe('duplicate_external_id');
    expect(duplicate?.message).toContain('rows[0]');
    // The columnar body sent again to the tenant the object form filled writes nothing.
    const rerun = await postColumnar<ImportBatchResponse>(a, '/v1/import/customers', columnar);
    expect(rerun.body.counts.created + rerun.body.counts.updated).toBe(0);
    expect(rerun.body.counts.unchanged).toBe(viaObjects.body.counts.created);
  });

  it('leaves a field out of a row batch only when the record is sent in the object form; null clears it', async () => {
    const api = await fixture().shared();
    const path = '/v1/import/customers';
    const phoneOf = async (id: string) =>
      (await api.get<RecordView>(`/v1/records/customers/keep/${id}`)).body.fields['phone'];
    await api.post(path, {
      source: 'keep',
      records: [customer('k1', { phone: '111' }), customer('k2', { phone: '222' })],
    });
    // Columns without phone: left as it is. An object element that omits phone: left as it is.
    const withoutPhone = toColumnarImport({ source: 'keep', records: [customer('k1', { lastName: 'New' })] });
    expect(withoutPhone.fields).not.toContain('phone');
    expect((await postColumnar<ImportBatchResponse>(api, path, withoutPhone)).body.counts.updated).toBe(1);
    expect(await phoneOf('k1')).toBe('111');
    const mixed = toColumnarImport({
      source: 'keep',
      records: [customer('k1', { phone: null }), customer('k2', { lastName: 'Other' })],
    });
    expect(Array.isArray(mixed.rows[0])).toBe(true);
    expect(Array.isArray(mixed.rows[1])).toBe(false);
    expect((await postColumnar<ImportBatchResponse>(api, path, mixed)).body.counts.updated).toBe(2);
    expect(await phoneOf('k1')).toBeNull();
    expect(await phoneOf('k2')).toBe('222');
  });

  it('rejects bad rows one by one, naming the row shape, the field or the external id', async () => {
    const api = await fixture().shared();
    const fields = ['firstName', 'lastName', 'email'];
    const ok = (id: string) => [id, 'A', 'B', `${id}@example.com`];
    const rows: unknown[] = [
      ok('h1'),
      null,
      5,
      'text',
      true,
      ['h2', 'A'],
      ['h3', ...Array.from({ length: 100_000 }, () => 'x')],
      [],
      [42, 'A', 'B', 'h4@example.com'],
      [null, 'A', 'B', 'h5@example.com'],
      [{ id: 'h6' }, 'A', 'B', 'h6@example.com'],
      ['h7', { nested: { deeper: ['x'] } }, ['B'], 'h7@example.com'],
      ['x'.repeat(300), 'A', 'B', 'long@example.com'],
      { externalId: 'h8', fields: { firstName: 'A', lastName: 'B', email: 'h8@example.com' } },
      ok('h9'),
    ];
    const response = await postColumnar<ImportBatchResponse>(api, '/v1/import/customers', {
      source: 'rows',
      fields,
      rows,
    });
    expect(response.status).toBe(200);
    const summary = response.body.results.map((r) =>
      r.outcome === 'rejected'
        ? `${r.externalId}|${r.errors?.map((e) => `${e.field} ${e.code}`).join(',')}`
        : r.outcome,
    );
    expect(summary).toEqual([
      'created',
      '| invalid_type',
      '| invalid_type',
      '| invalid_type',
      '| invalid_type',
      'h2| invalid_type',
      'h3| invalid_type',
      '| invalid_type',
      '|externalId invalid_type',
      '|externalId invalid_type',
      '|externalId invalid_type',
      'h7|fields.firstName invalid_type,fields.lastName invalid_type',
      '|externalId invalid_type',
      'created',
      'created',
    ]);
    expect(response.body.results[5]?.errors?.[0]?.message).toContain('2 values where the columns need 4');
    expect(response.body.results[1]?.errors?.[0]?.message).toContain('JSON array of 4 values');
  });

  it('reports unknown, server-owned and prototype-like column names per record, like object keys', async () => {
    const api = await fixture().shared();
    const response = await postColumnar<ImportBatchResponse>(api, '/v1/import/customers', {
      source: 'names',
      fields: ['firstName', 'lastName', 'email', '__proto__', 'constructor', 'id'],
      refs: ['prototype', 'accountManager'],
      rows: [['p1', 'A', 'B', 'p1@example.com', { polluted: true }, 1, '7', 'x', null]],
    });
    expect(response.status).toBe(200);
    expect(response.body.results[0]?.errors?.map((e) => `${e.field} ${e.code}`)).toEqual([
      'fields.__proto__ unknown_field',
      'fields.constructor unknown_field',
      'fields.id server_owned_field',
      'refs.prototype unknown_reference',
    ]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses repeated or malformed column lists and hostile JSON inside values with a 4xx', async () => {
    const api = await fixture().shared();
    const path = '/v1/import/customers';
    const send = (body: unknown) => postColumnar<Problem>(api, path, body);
    const row = ['d1', 'A', 'A'];
    const twice = await send({ source: 's', fields: ['firstName', 'firstName'], rows: [row] });
    expect(twice.status).toBe(400);
    expect(twice.body.code).toBe('invalid_request');
    expect(twice.body.detail).toContain('fields names column "firstName" twice (at 0 and 1)');
    const refsTwice = await send({
      source: 's',
      fields: [],
      refs: ['homeLocation', 'homeLocation'],
      rows: [],
    });
    expect(refsTwice.body.detail).toContain('refs names column "homeLocation" twice');
    for (const bad of [
      { source: 's', fields: 'firstName', rows: [] },
      { source: 's', fields: [1, 2], rows: [] },
      { source: 's', fields: [], rows: {} },
      { source: 's', fields: [] },
      { source: 's', rows: [] },
      { source: 's', fields: [], rows: [], records: [] },
      { source: 's', fields: Array.from({ length: 1001 }, (_, n) => `c${n}`), rows: [] },
      [],
    ]) {
      const response = await send(bad);
      expect(response.status, JSON.stringify(bad).slice(0, 80)).toBe(400);
      expect(response.body.code).toBe('invalid_request');
    }
    // The object form under the columnar media type is not a columnar body.
    expect((await send({ source: 's', records: [customer('o1')] })).status).toBe(400);
    const proto = await send(`{"source":"s","fields":["address"],"rows":[["q1",{"__proto__":{"x":1}}]]}`);
    expect(proto.status).toBe(400);
    expect(proto.body.code).toBe('malformed_json');
    const repeated = await send(
      `{"source":"s","fields":["address"],"rows":[["q1",{"city":"a","city":"b"}]]}`,
    );
    expect(repeated.status).toBe(400);
    expect(repeated.body.code).toBe('duplicate_json_key');
    expect(repeated.body.detail).toContain('/rows/0/1');
    expect((await send('{"source":"s","fields":[],"rows":[[')).body.code).toBe('malformed_json');
    const { maxBatchRecords } = (await api.get<SchemaDocument>('/v1/schema')).body;
    const many = await send({
      source: 's',
      fields: [],
      rows: Array.from({ length: maxBatchRecords + 1 }, (_, n) => [`n${n}`]),
    });
    expect(many.status).toBe(413);
    // Only the import route reads the columnar media type.
    const elsewhere = await postColumnar<Problem>(api, '/v1/import/customers/delete', {
      source: 's',
      externalIds: ['x'],
    });
    expect(elsewhere.status).toBe(415);
  });

  it('replays an Idempotency-Key sent with the same columnar body; the object form under it is another request', async () => {
    const api = await fixture().shared();
    const path = '/v1/import/customers';
    const request: ImportBatchRequest = { source: 'idem', records: [customer('i1'), customer('i2')] };
    const key = { 'idempotency-key': `columnar-${Math.random()}` };
    const first = await postColumnar<ImportBatchResponse>(api, path, toColumnarImport(request), key);
    const again = await postColumnar<ImportBatchResponse>(api, path, toColumnarImport(request), key);
    expect(first.body.counts.created).toBe(2);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await api.post<Problem>(path, request, key);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
  });

  it('answers a columnar body with the compact response when asked', async () => {
    const api = await fixture().shared();
    const records = [customer('c1'), customer('c2', { email: 'bad' })];
    const response = await postColumnar<CompactImportResponse>(
      api,
      '/v1/import/customers',
      toColumnarImport({ source: 'compact', records }),
      { accept: COMPACT_IMPORT_MEDIA_TYPE },
    );
    expect(response.headers.get('content-type')).toContain(COMPACT_IMPORT_MEDIA_TYPE);
    const decoded = decodeCompactImport(
      response.body,
      records.map((r) => r.externalId),
    );
    expect(decoded.results.map((r) => r.outcome)).toEqual(['created', 'rejected']);
  });
});

import {
  COLUMNAR_IMPORT_MEDIA_TYPE,
  type ImportBatchResponse,
  type ImportRecord,
  type RecordView,
  toColumnarImport,
} from '@madeup/contract';
import { describeEachDialect } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { useCore } from '../support/core-fixture.ts';

/**
 * Values at the edges of the kinds whose rows the columnar parser may keep without calling `parse`
 * (`model/kinds/as-is.ts`): strings, e-mails, booleans, countries and timestamps (customers have no
 * decimal: decimals are held to `parse` by `as-is.property.test.ts`). The object form
 * parses every value, so the two forms must agree on every outcome, error, content hash and stored
 * value; a few answers are also spelled out here.
 */
const EDGE_VALUES: Readonly<Record<string, readonly unknown[]>> = {
  firstName: [
    'x'.repeat(100),
    'x'.repeat(101),
    '😀'.repeat(100),
    '😀'.repeat(101),
    `${'x'.repeat(99)}😀`,
    'a\u0000b',
    'lone \ud800',
    '\udc00',
    '  padded  ',
    'e\u0301',
    '\u202eevil\u202c',
    '\u0001\u001f\u007f\u0085',
    'tab\tnew\nline\r',
    '\ufeffbom',
    '\uffff\u2028',
    '',
    '2024-01-31T12:00:00.123456Z',
    'US',
    0,
    true,
    ['x'],
  ],
  email: [
    'A@B.CO',
    'ü@bücher.de',
    'a b@c.de',
    'a@b.co.',
    'a@b.c',
    ' a@b.co',
    'a@b.co ',
    'a@b.co\n',
    'a@b..co',
    `${'x'.repeat(249)}@b.co`,
    `${'x'.repeat(250)}@b.co`,
    `${'😀'.repeat(124)}@b.co`,
    `${'😀'.repeat(125)}@b.co`,
    'a\u0000@b.co',
    'a@b.co\ud800',
    '😀@b.co',
    'a@b.co\u200b',
    5,
  ],
  active: [true, false, 0, 1, 'true', 'false', 'yes', [], {}],
  country: ['US', 'us', 'USA', 'XX', '', 'U', ' US', 'US ', 'constructor', '__proto__', 'toString', 1],
  createdAt: [
    '2024-01-31T12:00:00.123456Z',
    '2024-01-31T12:00:00Z',
    '2024-02-30T00:00:00Z',
    '2024-02-30T00:00:00.000000Z',
    '2024-01-01T24:00:00.000000Z',
    '2016-12-31T23:59:60.000000Z',
    '0000-01-01T00:00:00.000000Z',
    '0001-01-01T00:00:00.000000Z',
    '9999-12-31T23:59:59.999999Z',
    '2024-01-31T12:00:00.1234567Z',
    '2024-01-31T12:00:00.1234560Z',
    '2024-01-31T12:00:00.123456+00:00',
    '2024-01-31T12:00:00.123456-00:00',
    '2024-01-31T12:00:00.123456+01:00',
    '2024-01-31t12:00:00.123456z',
    '2024-01-31T12:00:00.123456z',
    '2024-01-31 12:00:00.123456Z',
    '2024-02-29T00:00:00.000000Z',
    '2023-02-29T00:00:00.000000Z',
    '1900-02-29T00:00:00.000000Z',
    '2000-02-29T00:00:00.000000Z',
    '2024-01-31T12:00:00,123456Z',
    '2024-01-31T12:00:00.12345 Z',
    '2024-01-31T12:00:00.1234 6Z',
    '2024-13-01T00:00:00.000000Z',
    '2024-00-10T00:00:00.000000Z',
    '2024-01-00T00:00:00.000000Z',
    '2024-01-31T12:60:00.000000Z',
    '２０２４-01-31T12:00:00.123456Z',
    '2024-01-31T12:00:00.123456',
    'Springfield',
    1706702400000,
  ],
};

/** A customer with every field present, in one key order (so the columnar body makes it a row). */
function row(externalId: string, field: string, value: unknown): ImportRecord {
  const fields: Record<string, unknown> = {
    firstName: `F ${externalId}`,
    lastName: 'L',
    company: null,
    email: `${externalId}@example.com`,
    phone: null,
    address: { line1: '1 Main St', city: 'Springfield', country: field === 'country' ? value : 'US' },
    active: true,
    createdAt: '2024-01-31T12:00:00.123456Z',
  };
  if (field !== 'country') fields[field] = value;
  return { externalId, fields };
}

function edgeRecords(): ImportRecord[] {
  return Object.entries(EDGE_VALUES).flatMap(([field, values]) =>
    values.map((value, k) => row(`${field}-${k}`, field, value)),
  );
}

/** Everything a response says of each record: outcome, id-free content hash, every error in full. */
const resultsOf = (response: ImportBatchResponse) =>
  response.results.map((r) => ({
    externalId: r.externalId,
    outcome: r.outcome,
    contentHash: r.contentHash,
    errors: r.errors,
  }));

const COLUMNAR = { 'content-type': COLUMNAR_IMPORT_MEDIA_TYPE };

describeEachDialect('field values kept as is by the columnar parser', (target) => {
  const fixture = useCore(target);

  it('get the outcomes, errors, hashes and stored values the object form gets; a rerun writes nothing', async () => {
    const [rows, objects] = await Promise.all([fixture().tenant('rows'), fixture().tenant('objects')]);
    const request = { source: 'edges', records: edgeRecords() };
    const columnar = toColumnarImport(request);
    // Every record is a row: the generated row parser (with its as-is checks) reads them all.
    expect(columnar.rows.every(Array.isArray)).toBe(true);
    const viaRows = await rows.raw<ImportBatchResponse>(
      'POST',
      '/v1/import/customers',
      JSON.stringify(columnar),
      COLUMNAR,
    );
    const viaObjects = await objects.post<ImportBatchResponse>('/v1/import/customers', request);
    expect(viaRows.status).toBe(200);
    expect(viaObjects.status).toBe(200);
    expect(resultsOf(viaRows.body)).toEqual(resultsOf(viaObjects.body));

    // Spelled out: what is kept, what is refused and why.
    const byId = new Map(viaRows.body.results.map((r) => [r.externalId, r]));
    const answer = (field: string, value: unknown) => {
      const k = (EDGE_VALUES[field] as readonly unknown[]).indexOf(value);
      const r = byId.get(`${field}-${k}`);
      return r?.outcome === 'rejected' ? r.errors?.map((e) => `${e.field} ${e.code}`).join(',') : r?.outcome;
    };
    expect(answer('firstName', '😀'.repeat(100))).toBe('created');
    expect(answer('firstName', '😀'.repeat(101))).toBe('fields.firstName too_long');
    expect(answer('firstName', 'x'.repeat(101))).toBe('fields.firstName too_long');
    expect(answer('firstName', 'a\u0000b')).toBe('fields.firstName invalid_format');
    expect(answer('firstName', 'lone \ud800')).toBe('fields.firstName invalid_format');
    expect(answer('firstName', '\u202eevil\u202c')).toBe('created');
    expect(answer('firstName', 0)).toBe('fields.firstName invalid_type');
    expect(answer('email', 'A@B.CO')).toBe('created');
    expect(answer('email', 'a b@c.de')).toBe('fields.email invalid_format');
    expect(answer('email', 'a@b.co\n')).toBe('fields.email invalid_format');
    expect(answer('email', `${'x'.repeat(250)}@b.co`)).toBe('fields.email too_long');
    expect(answer('email', `${'😀'.repeat(124)}@b.co`)).toBe('created');
    expect(answer('active', 1)).toBe('fields.active invalid_type');
    expect(answer('active', 'true')).toBe('fields.active invalid_type');
    expect(answer('country', 'us')).toBe('fields.address.country invalid_format');
    expect(answer('country', 'USA')).toBe('fields.address.country invalid_format');
    expect(answer('country', '__proto__')).toBe('fields.address.country invalid_format');
    expect(answer('createdAt', '2024-02-30T00:00:00Z')).toBe('fields.createdAt invalid_format');
    expect(answer('createdAt', '2024-01-01T24:00:00.000000Z')).toBe('fields.createdAt invalid_format');
    expect(answer('createdAt', '2016-12-31T23:59:60.000000Z')).toBe('fields.createdAt invalid_format');
    expect(answer('createdAt', '0000-01-01T00:00:00.000000Z')).toBe('fields.createdAt invalid_format');
    expect(answer('createdAt', '2024-01-31T12:00:00.1234567Z')).toBe('fields.createdAt invalid_format');
    expect(answer('createdAt', '2024-01-31T12:00:00.123456')).toBe('fields.createdAt invalid_format');
    expect(answer('createdAt', '2024-01-31t12:00:00.123456z')).toBe('created');

    // Stored the same way by both forms, and read back as the canonical value.
    const created = viaRows.body.results.filter((r) => r.outcome === 'created').map((r) => r.externalId);
    expect(created.length).toBeGreaterThan(30);
    for (const id of created) {
      const [a, b] = await Promise.all([
        rows.get<RecordView>(`/v1/records/customers/edges/${encodeURIComponent(id)}`),
        objects.get<RecordView>(`/v1/records/customers/edges/${encodeURIComponent(id)}`),
      ]);
      expect(a.body.fields).toEqual(b.body.fields);
      // What was sent comes back unchanged: no trimming, normalising or re-encoding (timestamps:
      // those sent in the canonical spelling).
      const [field, k] = id.split('-') as [string, string];
      const sent = (EDGE_VALUES[field] as readonly unknown[])[Number(k)];
      const stored =
        field === 'country'
          ? (a.body.fields['address'] as Record<string, unknown>)['country']
          : a.body.fields[field];
      if (field !== 'createdAt' || /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(String(sent)))
        expect([id, stored]).toEqual([id, sent]);
    }
    const lower = await rows.get<RecordView>(
      `/v1/records/customers/edges/createdAt-${(EDGE_VALUES['createdAt'] as unknown[]).indexOf('2024-01-31t12:00:00.123456z')}`,
    );
    expect(lower.body.fields['createdAt']).toBe('2024-01-31T12:00:00.123456Z');
    const emoji = await rows.get<RecordView>('/v1/records/customers/edges/firstName-2');
    expect(emoji.body.fields['firstName']).toBe('😀'.repeat(100));

    // The object form sent to the tenant the rows filled, and the rows to the other: nothing written.
    const again = await rows.post<ImportBatchResponse>('/v1/import/customers', request);
    expect(again.body.counts).toMatchObject({ created: 0, updated: 0, unchanged: created.length });
    const rowsAgain = await objects.raw<ImportBatchResponse>(
      'POST',
      '/v1/import/customers',
      JSON.stringify(columnar),
      COLUMNAR,
    );
    expect(rowsAgain.body.counts).toMatchObject({ created: 0, updated: 0, unchanged: created.length });
  });

  it('are read from JSON escapes (\\u0054, \\/, \\u0000) in both forms alike', async () => {
    const [rows, objects] = await Promise.all([fixture().tenant('rows'), fixture().tenant('objects')]);
    const request = {
      source: 'escapes',
      records: [
        row('e1', 'createdAt', '2024-01-31T12:00:00.123456Z'),
        row('e2', 'firstName', 'AAAA'),
        row('e3', 'country', 'ZZ'),
        row('e4', 'firstName', 'NNNN'),
      ],
    };
    // The same escapes written into each form's text.
    const escaped = (text: string) =>
      text
        .replace('"2024-01-31T12:00:00.123456Z"]', '"2024-01-31\\u005412:00:00.123456\\u005a"]')
        .replace('"2024-01-31T12:00:00.123456Z"}}', '"2024-01-31\\u005412:00:00.123456\\u005a"}}')
        .replace('"AAAA"', '"\\u0041\\/\\u00e9\\ud83d\\ude00"')
        .replace('"ZZ"', '"\\u0055\\u0053"')
        .replace('"NNNN"', '"N\\u0000N"');
    const columnarText = escaped(JSON.stringify(toColumnarImport(request)));
    const objectText = escaped(JSON.stringify(request));
    expect(columnarText).toContain('\\u0054');
    expect(objectText).toContain('\\u0054');
    const viaRows = await rows.raw<ImportBatchResponse>(
      'POST',
      '/v1/import/customers',
      columnarText,
      COLUMNAR,
    );
    const viaObjects = await objects.raw<ImportBatchResponse>('POST', '/v1/import/customers', objectText);
    expect(resultsOf(viaRows.body)).toEqual(resultsOf(viaObjects.body));
    expect(viaRows.body.results.map((r) => r.errors?.[0]?.code ?? r.outcome)).toEqual([
      'created',
      'created',
      'created',
      'invalid_format',
    ]);
    const e2 = await rows.get<RecordView>('/v1/records/customers/escapes/e2');
    expect(e2.body.fields['firstName']).toBe('A/é😀');
  });

  it('refuse null and a missing value of a required field alike in both forms, and keep null where optional', async () => {
    const [rows, objects] = await Promise.all([fixture().tenant('rows'), fixture().tenant('objects')]);
    const records: ImportRecord[] = [
      row('null-email', 'email', null),
      row('null-first', 'firstName', null),
      row('null-active', 'active', null),
      row('null-country', 'country', null),
      row('null-created', 'createdAt', null),
    ];
    const missing: ImportRecord[] = [{ externalId: 'no-email', fields: { firstName: 'A', lastName: 'B' } }];
    const request = { source: 'nulls', records };
    const viaRows = await rows.raw<ImportBatchResponse>(
      'POST',
      '/v1/import/customers',
      JSON.stringify(toColumnarImport(request)),
      COLUMNAR,
    );
    const viaObjects = await objects.post<ImportBatchResponse>('/v1/import/customers', request);
    expect(resultsOf(viaRows.body)).toEqual(resultsOf(viaObjects.body));
    expect(viaRows.body.results.map((r) => r.errors?.[0]?.code ?? r.outcome)).toEqual([
      'required',
      'required',
      'created',
      'created',
      'created',
    ]);
    const gone = { source: 'nulls', records: missing };
    const missingRows = await rows.raw<ImportBatchResponse>(
      'POST',
      '/v1/import/customers',
      JSON.stringify(toColumnarImport(gone)),
      COLUMNAR,
    );
    const missingObjects = await objects.post<ImportBatchResponse>('/v1/import/customers', gone);
    expect(resultsOf(missingRows.body)).toEqual(resultsOf(missingObjects.body));
    expect(missingRows.body.results[0]?.errors?.map((e) => `${e.field} ${e.code}`)).toEqual([
      'fields.email required',
    ]);
  });
});

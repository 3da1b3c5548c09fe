import { describe, expect, it } from 'vitest';
import { parseRecord } from '../../src/import/parse-record.ts';
import { rowParser } from '../../src/import/parse-row.ts';
import { planRecord } from '../../src/import/plan-record.ts';
import { MODEL } from '../../src/model/model.ts';

const entity = (name: string) => {
  const found = MODEL.get(name);
  if (found === undefined) throw new Error(`no entity ${name}`);
  return found;
};

type Input = { externalId: string; fields?: Record<string, unknown>; refs?: Record<string, string | null> };

/**
 * The content hash a first import of `record` stores (no stored version, every parent known), read
 * from the object form or (`columnar`) as a row of a columnar body.
 */
function hashOf(name: string, record: Input, columnar = false) {
  const fields = Object.keys(record.fields ?? {});
  const refs = Object.keys(record.refs ?? {});
  const parsed = columnar
    ? rowParser(
        entity(name),
        fields,
        refs,
      )(
        [record.externalId, ...fields.map((f) => record.fields?.[f]), ...refs.map((r) => record.refs?.[r])],
        0,
      )
    : parseRecord(entity(name), record, 0);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const ids = new Map(
    entity(name).refs.map((ref) => [
      ref.name,
      new Map(Object.values(record.refs ?? {}).flatMap((x) => (x === null ? [] : [[x, '1']]))),
    ]),
  );
  const planned = planRecord(entity(name), parsed.record, undefined, {
    ids,
    inBatch: new Set([record.externalId]),
    source: 's',
    deferUnresolved: false,
  });
  if (planned.outcome === 'rejected') throw new Error(JSON.stringify(planned.errors));
  return planned.contentHash;
}

/**
 * Records of every kind of value, and the content hashes core has stored for them. Every tenant row
 * holds its record's hash and a rerun compares against it: a change to the canonical JSON, the
 * order of its parts or the hash would turn every stored record into an update once. These hex
 * strings must never change.
 */
const RECORDS: [string, Input][] = [
  [
    'customers',
    {
      externalId: 'cu-1',
      fields: {
        firstName: 'First1',
        lastName: 'Last1',
        company: null,
        email: 'customer1@example.com',
        phone: '+1-555-000001',
        address: { line1: '1 Main Street', city: 'Springfield', country: 'US' },
        active: true,
        createdAt: '2023-05-01T10:11:12.123456Z',
      },
    },
  ],
  ['customers', { externalId: 'cu-2', fields: { firstName: 'A', lastName: 'B', email: 'a@b.co' } }],
  [
    'customers',
    {
      externalId: 'cu-3',
      fields: {
        firstName: 'Zoë "Q" \\ \u2028 \u0001 😀',
        lastName: 'Ünal',
        email: 'zoe@example.org',
        address: null,
        active: false,
        createdAt: '2024-02-29T23:59:59.5+01:30',
      },
      refs: { accountManager: 'st-9', homeLocation: null },
    },
  ],
  [
    'invoiceLines',
    {
      externalId: 'il-1',
      fields: { lineNumber: 3, description: 'Line 1', quantity: '0012.50', unitPrice: '19.99' },
      refs: { invoice: 'in-1', product: 'pr-1' },
    },
  ],
  [
    'invoiceLines',
    { externalId: 'il-2', fields: { quantity: '1', unitPrice: '-0.0000' }, refs: { invoice: 'in-2' } },
  ],
  [
    'products',
    {
      externalId: 'pr-1',
      fields: {
        name: 'P1',
        sku: null,
        unitPrice: '19.99',
        currency: 'EUR',
        // As a body carries it: `__proto__` an own key (JSON.parse), keys out of order, nested.
        attributes: JSON.parse(
          '{"z":[1,2.5,{"b":null,"a":"x"}],"a":true,"__proto__":1,"\u00e9":-0,"n":1e21}',
        ),
        active: false,
      },
    },
  ],
  [
    'invoices',
    {
      externalId: 'in-1',
      fields: {
        number: 'INV-1',
        issuedAt: '2024-01-01T00:00:00Z',
        dueAt: null,
        total: '100',
        currency: 'USD',
        status: 'open',
      },
      refs: { customer: 'cu-1' },
    },
  ],
  [
    'payments',
    {
      externalId: 'pa-1',
      fields: { amount: '0.5', paidAt: '2024-03-31T22:00:00-02:00', method: 'card', reference: 'r' },
      refs: { customer: 'cu-1', invoice: 'in-1', receivedBy: null },
    },
  ],
  [
    'staff',
    {
      externalId: 'st-1',
      fields: { firstName: 'S', lastName: 'T', email: null, hiredAt: '2020-02-29', active: true },
      refs: { manager: 'st-1', location: 'lo-1' },
    },
  ],
  [
    'locations',
    { externalId: 'lo-1', fields: { name: 'L', address: { postalCode: '12345', country: 'DE' } } },
  ],
];

const PINNED: string[] = [
  '26fa5c8343f485d562755bdacd1dca95ac2a5198388570989c6dd794dd89a14f',
  'db18261460751a3afae6888a131678746c1d23123138581ccb030f85afc5ea26',
  'f909482b7804a11d253904346e177291b04dc0e42e24c2a9d0cee2982197a8d0',
  'b5d69e0373e538e09febf1240135eab181f702efe4157106f294f09f90210df4',
  '78fd02e065a9c865215243c180f61499e33dac35c9a3cddd4f3a191dee76f6d9',
  'b9576f99a184b76813c19352baecbd686cc10d8909715e62187aa984bb96456d',
  'b96f6e7dc1f75d1abdbc0804d92e5a99da2a2207eafeda48c37a5d28dbe2a2da',
  'e78d362201dafe3398526f28724e7debe91ca5b96fb599c170bb5089b305d385',
  'f1dbfb915a081b5f31ed10af7b1e65079e80981da8ef1e497d7ee6207e9dd958',
  '25ac3fa484095e978867053b94b77d7af2e034afc7cb4e994dc3b48359bf3312',
];

describe('content hash', () => {
  it('is the hash every earlier import stored, for every kind of value', () => {
    expect(RECORDS.map(([name, record]) => hashOf(name, record))).toEqual(PINNED);
  });

  it('is the same for a columnar row', () => {
    expect(RECORDS.map(([name, record]) => hashOf(name, record, true))).toEqual(PINNED);
  });
});

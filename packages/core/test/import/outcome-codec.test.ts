import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeOutcome, encodeOutcome } from '../../src/import/outcome-codec.ts';
import type { ParsedRecord } from '../../src/import/parsed-record.ts';
import type { Planned } from '../../src/import/plan-record.ts';
import type { StoredRecord } from '../../src/import/stored-record.ts';
import { MODEL } from '../../src/model/model.ts';

/** Ids that cross 2^53 and 16 digits both ways, go down as well as up, and repeat. */
const IDS = [
  '1',
  '2',
  '9007199254740991',
  '9007199254740993',
  '999999999999999',
  '1000000000000000',
  '18446744073709551615',
  '3',
  '3',
  '123456789012345678901234567890',
  '42',
];

const customers = () => {
  const entity = MODEL.get('customers');
  if (entity === undefined) throw new Error('no customers entity');
  return entity;
};

/** Updated records with these ids (so every id is stored, and a content hash with it). */
const updatedWith = (ids: readonly string[]) =>
  ids.map(
    (id, k): Planned => ({
      outcome: 'updated',
      index: k,
      externalId: `x${k}`,
      existing: { id } as StoredRecord,
      contentHash: `h${k}`,
      values: [],
      refXids: [],
      refIds: [],
      deferred: [],
    }),
  );
const validOf = (ids: readonly string[]) =>
  ids.map((_, k) => ({ index: k, externalId: `x${k}`, values: [], refs: [] }) as ParsedRecord);

describe('compact outcome ids', () => {
  it('decodes to the very ids encoded, short and long', () => {
    const stored = JSON.parse(encodeOutcome(updatedWith(IDS), new Map()));
    const decoded = decodeOutcome(customers(), 's', validOf(IDS), stored);
    expect(decoded.map((r) => ('id' in r ? r.id : undefined))).toEqual(IDS);
  });
});

describe('compact outcome ids against a BigInt oracle', () => {
  /** Decimal ids near the edges: 15/16 digits, 2^53 +- a little, 2^63, 2^64, and small ones. */
  const edges = [
    0n,
    1n,
    10n ** 15n - 1n,
    10n ** 15n,
    2n ** 53n - 1n,
    2n ** 53n,
    2n ** 53n + 1n,
    10n ** 16n - 1n,
    10n ** 16n,
    2n ** 63n - 1n,
    2n ** 64n - 1n,
    10n ** 20n - 1n,
  ];
  const id = fc.oneof(
    fc.constantFrom(...edges),
    fc
      .tuple(fc.constantFrom(...edges), fc.bigInt({ min: -3n, max: 3n }))
      .map(([e, d]) => (e + d < 1n ? 1n : e + d)),
    fc.bigInt({ min: 1n, max: 10n ** 20n }),
    fc.bigInt({ min: 1n, max: 10n ** 6n }),
  );

  it(
    'stores each id as its BigInt difference from the previous one, up or down, and decodes the ids',
    () => {
      fc.assert(
        fc.property(fc.array(id, { minLength: 1, maxLength: 20 }), (values) => {
          const ids = values.map(String);
          const stored = JSON.parse(encodeOutcome(updatedWith(ids), new Map()));
          let previous = 0n;
          const oracle = values.map((v) => {
            const delta = v - previous;
            previous = v;
            return String(delta);
          });
          expect(stored.i).toBe(oracle.join(','));
          const decoded = decodeOutcome(customers(), 's', validOf(ids), stored);
          expect(decoded.map((r) => ('id' in r ? r.id : undefined))).toEqual(ids);
        }),
        fuzzOptions(500),
      );
    },
    fuzzTimeout(500, 20),
  );

  it('replays an outcome stored by the encoder before ids were subtracted as numbers', () => {
    // Written by `encodeOutcome` as of commit 4f21384 (BigInt differences): a key stored then
    // replays the same ids now, and the same outcome is stored byte for byte today.
    const ids = [
      '1',
      '2',
      '9007199254740991',
      '9007199254740993',
      '999999999999999',
      '18446744073709551615',
      '3',
      '42',
    ];
    const before =
      '{"v":2,"o":"uuuuuuuu","i":"1,1,9007199254740989,2,-8007199254740994,18445744073709551616,-18446744073709551612,39",' +
      '"h":{"0":"h0","1":"h1","2":"h2","3":"h3","4":"h4","5":"h5","6":"h6","7":"h7"}}';
    expect(encodeOutcome(updatedWith(ids), new Map())).toBe(before);
    const decoded = decodeOutcome(customers(), 's', validOf(ids), JSON.parse(before));
    expect(decoded.map((r) => ('id' in r ? r.id : undefined))).toEqual(ids);
    expect(decoded.map((r) => r.outcome)).toEqual(ids.map(() => 'updated'));
  });
});

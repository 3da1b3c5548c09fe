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

describe('compact outcome ids', () => {
  it('decodes to the very ids encoded, short and long', () => {
    const planned = IDS.map(
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
    const valid = IDS.map(
      (_, k) => ({ index: k, externalId: `x${k}`, values: [], refs: [] }) as ParsedRecord,
    );
    const entity = MODEL.get('customers');
    if (entity === undefined) throw new Error('no customers entity');
    const stored = JSON.parse(encodeOutcome(planned, new Map()));
    const decoded = decodeOutcome(entity, 's', valid, stored);
    expect(decoded.map((r) => ('id' in r ? r.id : undefined))).toEqual(IDS);
  });
});

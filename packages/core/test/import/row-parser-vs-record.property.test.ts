import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRecord } from '../../src/import/parse-record.ts';
import { rowParser } from '../../src/import/parse-row.ts';
import { MODEL } from '../../src/model/model.ts';
import { recordArb } from '../fuzz/record-arbitraries.ts';

const RUNS = 400;

/** Names a record may carry besides the entity's own: unknown, server-owned, prototype-like. */
const EXTRA = fc.constantFrom('shoeSize', 'id', 'createdAt', '__proto__', 'constructor', 'toString', 'é');

/** An entity and records of it (accepted, with one bad value, hostile), some with an extra name. */
const batch = fc.constantFrom(...MODEL.entities).chain((entity) =>
  fc.record({
    entity: fc.constant(entity),
    records: fc.array(
      fc.tuple(recordArb(entity), fc.option(EXTRA), fc.option(EXTRA), fc.jsonValue({ maxDepth: 1 })),
      {
        minLength: 1,
        maxLength: 8,
      },
    ),
  }),
);

/** `names` with their values, in that order, as JSON.parse makes an object (an own `__proto__`). */
function objectOf(names: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < names.length; i++)
    Object.defineProperty(out, names[i] as string, {
      value: values[i],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

describe('columnar rows and object records (property)', () => {
  it(
    'give core the same outcome, values and errors: a row and the object-form record of the same names in the same order',
    () => {
      fc.assert(
        fc.property(batch, ({ entity, records }) => {
          records.forEach(([generated, extraField, extraRef, extraValue], index) => {
            // Plain records only (a record with another member is never a row).
            if (
              !isObject(generated) ||
              Object.keys(generated).some((k) => !['externalId', 'fields', 'refs'].includes(k))
            )
              return;
            const fields = isObject(generated['fields']) ? generated['fields'] : {};
            const refs = isObject(generated['refs']) ? generated['refs'] : {};
            const fieldNames = [
              ...new Set([...Object.keys(fields), ...(extraField === null ? [] : [extraField])]),
            ];
            const refNames = [...new Set([...Object.keys(refs), ...(extraRef === null ? [] : [extraRef])])];
            const row = JSON.parse(
              JSON.stringify([
                generated['externalId'] ?? null,
                ...fieldNames.map((n) => (Object.hasOwn(fields, n) ? fields[n] : extraValue) ?? null),
                ...refNames.map((n) => (Object.hasOwn(refs, n) ? refs[n] : extraValue) ?? null),
              ]),
            ) as unknown[];
            const record = {
              externalId: row[0],
              fields: objectOf(fieldNames, row.slice(1, 1 + fieldNames.length)),
              ...(refNames.length === 0
                ? {}
                : { refs: objectOf(refNames, row.slice(1 + fieldNames.length)) }),
            };
            const expected = parseRecord(entity, record, index);
            expect(rowParser(entity, fieldNames, refNames)(row, index)).toStrictEqual(expected);
            expect(rowParser(entity, fieldNames, refNames, false)(row, index)).toStrictEqual(expected);
          });
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );
});

import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRecord } from '../../src/import/parse-record.ts';
import { rowParser } from '../../src/import/parse-row.ts';
import { MODEL } from '../../src/model/model.ts';

const RUNS = 150;

/** JSON values of every sort a column may carry: valid ones of the model's kinds, and wrong ones. */
const value = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    '',
    'text',
    'x'.repeat(300),
    'nul\u0000',
    'lone \ud800',
    'a@b.co',
    '2024-01-31T12:00:00.123456Z',
    '2024-02-30T12:00:00Z',
    '2024-01-31',
    '12.50',
    '99999999999999999999',
    'US',
    'EUR',
    'open',
    0,
    -1,
    2.5,
    2 ** 60,
    true,
    [],
    {},
    { line1: 'x', city: 'y', country: 'US' },
    { line1: 'x', planet: 'Mars' },
    { country: null, postalCode: 12345 },
    JSON.parse('{"constructor":"c","__proto__":"p","line2":"z"}'),
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

/** An entity, distinct column names (its own, unknown and server-owned ones, any order), and rows. */
const batch = fc.constantFrom(...MODEL.entities).chain((entity) =>
  fc.record({
    entity: fc.constant(entity),
    fields: fc.shuffledSubarray([...entity.fields.keys(), 'id', 'shoeSize', '__proto__', 'constructor', 'é']),
    refs: fc.shuffledSubarray([...entity.refs.map((r) => r.name), 'boss', 'toString']),
    rows: fc.array(fc.array(value, { minLength: 40, maxLength: 40 }), { minLength: 1, maxLength: 8 }),
    ids: fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom<unknown>(null, 7, 'x'.repeat(256))), {
      minLength: 8,
      maxLength: 8,
    }),
  }),
);

/** `names` with their values, in that order, as JSON.parse makes an object (an own `__proto__`). */
function objectOf(names: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  names.forEach((name, i) =>
    Object.defineProperty(out, name, {
      value: values[i],
      enumerable: true,
      writable: true,
      configurable: true,
    }),
  );
  return out;
}

describe('columnar rows and object records (property)', () => {
  it(
    'give core the same outcome, values and errors: a row and the object-form record of the same names in the same order',
    () => {
      fc.assert(
        fc.property(batch, ({ entity, fields, refs, rows, ids }) => {
          const parse = rowParser(entity, fields, refs);
          const interpreted = rowParser(entity, fields, refs, false);
          rows.forEach((values, index) => {
            const externalId = ids[index] ?? `r-${index}`;
            const fieldValues = values.slice(0, fields.length);
            const refValues = values.slice(fields.length, fields.length + refs.length);
            const row = JSON.parse(JSON.stringify([externalId, ...fieldValues, ...refValues]));
            const record = {
              externalId: row[0],
              fields: objectOf(fields, row.slice(1, 1 + fields.length)),
              ...(refs.length === 0 ? {} : { refs: objectOf(refs, row.slice(1 + fields.length)) }),
            };
            const expected = parseRecord(entity, record, index);
            expect(parse(row, index)).toStrictEqual(expected);
            expect(interpreted(row, index)).toStrictEqual(expected);
          });
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowParser } from '../../src/import/parse-row.ts';
import { defineEntity } from '../../src/model/entity.ts';
import { f } from '../../src/model/field.ts';
import { buildModel, MODEL } from '../../src/model/model.ts';

/** Values of every sort a column may carry: valid ones of each kind, and wrong ones. */
const VALUES: unknown[] = [
  null,
  undefined,
  'text',
  '',
  'x'.repeat(300),
  'nul\u0000',
  'lone \ud800',
  '😀'.repeat(120),
  'a@b.co',
  'not an e-mail',
  '2024-01-31T12:00:00.123456Z',
  '2024-01-31T12:00:00Z',
  '2024-02-30T12:00:00Z',
  '2024-01-31T12:00:00+01:00',
  '2024-01-31',
  '12.50',
  '12.5000',
  '-12.50',
  '0.00',
  '-0.00',
  '0.0000',
  '012.50',
  '-0.001',
  '1e5',
  '99999999999999999999',
  'US',
  'XX',
  'EUR',
  'open',
  'payment',
  0,
  1,
  -1,
  2.5,
  2 ** 60,
  true,
  false,
  [],
  [1, 'a'],
  {},
  { line1: 'x', city: 'y', country: 'US' },
  { line1: 'x', planet: 'Mars' },
  { country: null, postalCode: 12345 },
  JSON.parse('{"constructor":"c","__proto__":"p","line2":"z"}'),
  { a: [1, { b: 2 }], z: null },
];

const entities = MODEL.entities;

/** An entity, a column list (its names and some unknown ones, any order) and rows of those columns. */
const batch = fc
  .constantFrom(...entities)
  .chain((entity) => {
    const fieldNames = [...entity.fields.keys(), 'id', 'shoeSize'];
    const refNames = [...entity.refs.map((r) => r.name), 'boss'];
    return fc.record({
      entity: fc.constant(entity),
      fields: fc.shuffledSubarray(fieldNames),
      refs: fc.shuffledSubarray(refNames),
      rows: fc.array(
        fc.oneof(
          { weight: 8, arbitrary: fc.array(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 24 }) },
          { weight: 1, arbitrary: fc.constantFrom<unknown>('row', 7, null, { externalId: 'o', fields: {} }) },
        ),
        { minLength: 1, maxLength: 20 },
      ),
    });
  })
  .map(({ entity, fields, refs, rows }) => ({
    entity,
    fields,
    refs,
    // Most rows of the columns' width, with an external id first (valid or not).
    rows: rows.map((row, k) =>
      Array.isArray(row) && k % 5 !== 4
        ? [
            k % 7 === 3 ? row[0] : `x-${k}`,
            ...Array.from({ length: fields.length + refs.length }, (_, i) => row[(i + 1) % row.length]),
          ]
        : row,
    ),
  }));

describe('compiled row parser', () => {
  it("gives the interpreter's outcome, values and errors (in order) for every row", () => {
    fc.assert(
      fc.property(batch, ({ entity, fields, refs, rows }) => {
        const compiled = rowParser(entity, fields, refs);
        const interpreted = rowParser(entity, fields, refs, false);
        rows.forEach((row, index) => {
          expect(compiled(row, index)).toStrictEqual(interpreted(row, index));
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('parses the common case: every column known, valid values', () => {
    const entity = MODEL.get('customers');
    if (entity === undefined) throw new Error('no customers');
    const parse = rowParser(
      entity,
      ['firstName', 'lastName', 'email', 'address', 'createdAt'],
      ['homeLocation'],
    );
    const outcome = parse(
      ['c-1', 'Ada', 'L', 'ada@example.com', { city: 'X', country: 'DE' }, '2024-01-31T12:00:00Z', null],
      0,
    );
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const at = (column: string) => entity.leaves.findIndex((l) => l.column === column);
    expect(outcome.record.values[at('address_city')]).toBe('X');
    expect(outcome.record.values[at('address_line1')]).toBeNull();
    expect(outcome.record.values[at('created_at')]).toBe('2024-01-31T12:00:00.000000Z');
    expect(outcome.record.values[at('phone')]).toBeUndefined();
    expect(outcome.record.refs).toEqual([undefined, null]);
  });

  it('checks rows by the entity it was made for, when two models have an entity of the same name', () => {
    const model = (code: ReturnType<typeof f.string> | ReturnType<typeof f.decimal>) =>
      buildModel([defineEntity({ name: 'gadgets', description: 'test', fields: { code }, references: {} })]);
    const asText = model(f.string({ maxLength: 40 })).get('gadgets');
    const asDecimal = model(f.decimal({})).get('gadgets');
    if (asText === undefined || asDecimal === undefined) throw new Error('no gadgets');
    const row = ['g-1', 'not a number'];
    expect(rowParser(asText, ['code'], [])(row, 0).ok).toBe(true);
    const outcome = rowParser(asDecimal, ['code'], [])(row, 0);
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? [] : outcome.errors.map((e) => e.field)).toEqual(['fields.code']);
  });
});

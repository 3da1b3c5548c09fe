import { describe, expect, it } from 'vitest';
import { parseRecord } from '../../src/import/parse-record.ts';
import { rowParser } from '../../src/import/parse-row.ts';
import { defineEntity } from '../../src/model/entity.ts';
import { f } from '../../src/model/field.ts';
import { buildModel } from '../../src/model/model.ts';

/** An entity whose object member names are those of Object.prototype. */
const model = buildModel([
  defineEntity({
    name: 'things',
    description: 'members named like Object.prototype properties',
    fields: {
      meta: f.object({ constructor: f.string(), toString: f.string(), valueOf: f.integer() }),
      attributes: f.json(),
    },
    references: {},
  }),
]);
const things = model.get('things');
if (things === undefined) throw new Error('no entity things');

const outcomeOf = (fields: Record<string, unknown>) => parseRecord(things, { externalId: 'x', fields }, 0);
const columnarOf = (meta: unknown, compile: boolean) =>
  rowParser(things, ['meta'], [], compile)(['x', meta], 0);

describe('member names of Object.prototype', () => {
  it('reads an absent object member named constructor, toString or valueOf as null', () => {
    const outcome = outcomeOf({ meta: {} });
    expect(outcome).toEqual({
      ok: true,
      record: { index: 0, externalId: 'x', values: [null, null, null, undefined], refs: [] },
    });
    const given = outcomeOf({ meta: { toString: 'a' } });
    expect(given.ok && given.record.values).toEqual([null, 'a', null, undefined]);
  });

  it('reads them as null in a columnar row too, compiled or interpreted', () => {
    for (const compile of [true, false]) {
      const outcome = columnarOf({ valueOf: 7 }, compile);
      expect(outcome.ok && outcome.record.values, String(compile)).toEqual([null, null, 7, undefined]);
    }
  });

  it('keeps keys named like prototype properties in a json field as plain keys', () => {
    const attributes = JSON.parse(
      '{"toString":"t","constructor":{"a":1},"__proto__":{"x":2},"hasOwnProperty":0}',
    );
    const outcome = outcomeOf({ attributes });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    const value = outcome.record.values[3] as Record<string, unknown>;
    expect(JSON.stringify(value)).toBe(
      '{"__proto__":{"x":2},"constructor":{"a":1},"hasOwnProperty":0,"toString":"t"}',
    );
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('names an unknown field or member called like a prototype property as unknown', () => {
    const outcome = parseRecord(
      things,
      JSON.parse('{"externalId":"x","toString":1,"fields":{"__proto__":1,"meta":{"hasOwnProperty":2}}}'),
      0,
    );
    expect(outcome.ok ? [] : outcome.errors.map((e) => `${e.field}:${e.code}`)).toEqual([
      'toString:unknown_field',
      'fields.__proto__:unknown_field',
      'fields.meta.hasOwnProperty:unknown_field',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { columnsOf, type ImportRecord, rowOf, toColumnarImport } from '../src/index.ts';

describe('columnar import body', () => {
  const record: ImportRecord = {
    externalId: 'a',
    fields: { name: 'Ada', email: null, address: { city: 'x' } },
    refs: { manager: 'b' },
  };

  it('writes a record carrying exactly the columns as a row, in column order', () => {
    const columns = { fields: ['name', 'email', 'address'], refs: ['manager'] };
    expect(rowOf(record, columns)).toEqual(['a', 'Ada', null, { city: 'x' }, 'b']);
    expect(columnsOf(record)).toEqual({ fields: ['name', 'email', 'address'], refs: ['manager'] });
  });

  it('keeps a record of any other shape in the object form', () => {
    const columns = columnsOf(record);
    const shapes: ImportRecord[] = [
      { externalId: 'a', fields: { name: 'Ada', email: null }, refs: { manager: 'b' } }, // a field left out
      { ...record, fields: { ...record.fields, phone: '1' } }, // one more field
      { ...record, fields: { name: 'Ada', email: undefined, address: {} } }, // undefined: left out by JSON
      { externalId: 'a', fields: record.fields }, // no refs
      { ...record, refs: { manager: 'b', location: null } },
      { ...record, refs: { boss: 'b' } },
      { ...record, fields: { name: 'Ada', mail: null, address: {} } }, // same count, other name
      { ...record, tenantId: 'x' } as ImportRecord, // a member core rejects
    ];
    for (const shape of shapes) expect(rowOf(shape, columns)).toBeUndefined();
  });

  it('keeps a record holding a value JSON leaves out of an object (a function, a symbol) in the object form', () => {
    // As a row such a value would be sent as null, clearing the field the object form leaves as it is.
    const columns = { fields: ['name', 'email'], refs: [] };
    for (const email of [() => 'x', Symbol('x'), undefined]) {
      const odd = { externalId: 'a', fields: { name: 'Ada', email } } as ImportRecord;
      expect(rowOf(odd, columns)).toBeUndefined();
      const body = JSON.parse(JSON.stringify(toColumnarImport({ source: 's', records: [odd] })));
      expect(body.rows[0]).toEqual({ externalId: 'a', fields: { name: 'Ada' } });
    }
  });

  it('keeps a record of the same names in another order in the object form', () => {
    // Core reports errors in the order of the names and keeps 10: a row would get other ones.
    expect(rowOf(record, { fields: ['email', 'name', 'address'], refs: ['manager'] })).toBeUndefined();
    const refs = { a: 'x', b: null };
    const columns = { fields: ['name'], refs: ['b', 'a'] };
    expect(rowOf({ externalId: 'a', fields: { name: 'Ada' }, refs }, columns)).toBeUndefined();
    expect(rowOf({ externalId: 'a', fields: { name: 'Ada' }, refs: { b: null, a: 'x' } }, columns)).toEqual([
      'a',
      'Ada',
      null,
      'x',
    ]);
  });

  it('reads prototype-like names as plain names', () => {
    const fields = JSON.parse('{"__proto__":{"polluted":1},"constructor":2}') as Record<string, unknown>;
    const odd: ImportRecord = { externalId: 'p', fields };
    const columns = columnsOf(odd);
    expect(columns.fields).toEqual(['__proto__', 'constructor']);
    expect(rowOf(odd, columns)).toEqual(['p', { polluted: 1 }, 2]);
    expect(rowOf({ externalId: 'q', fields: {} }, columns)).toBeUndefined();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('turns a request into the columns of its first record, with rows and object records in order', () => {
    const columnar = toColumnarImport({
      source: 's',
      deferUnresolved: true,
      records: [record, { externalId: 'c', fields: { name: 'Cy' } }, { ...record, externalId: 'd' }],
    });
    expect(columnar).toEqual({
      source: 's',
      deferUnresolved: true,
      fields: ['name', 'email', 'address'],
      refs: ['manager'],
      rows: [
        ['a', 'Ada', null, { city: 'x' }, 'b'],
        { externalId: 'c', fields: { name: 'Cy' } },
        ['d', 'Ada', null, { city: 'x' }, 'b'],
      ],
    });
    expect(toColumnarImport({ source: 's', records: [] })).toEqual({
      source: 's',
      fields: [],
      refs: [],
      rows: [],
    });
  });
});

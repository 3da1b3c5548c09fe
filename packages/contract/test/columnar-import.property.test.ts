import { fuzzOptions, fuzzTimeout, sameJson } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ImportBatchRequest, type ImportRecord, toColumnarImport } from '../src/index.ts';

const RUNS = 200;

/** Names: a few (so records share them, in any order), numeric ones (ordered first by JS), prototype-like ones. */
const name = fc.constantFrom(
  'a',
  'b',
  'name',
  'e-mail',
  '1',
  '0',
  '10',
  'constructor',
  'toString',
  '__proto__',
  'é 𝄞',
  '',
);

/** Values JSON keeps, and ones it leaves out of an object (undefined, a function, a symbol). */
const value = fc.oneof(
  { weight: 8, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, () => 1, Symbol('s')) },
);

/** An object of `names` (own `__proto__` included, as JSON.parse makes it). */
const members = (values: fc.Arbitrary<unknown>) =>
  fc.array(fc.tuple(name, values), { maxLength: 6 }).map((pairs) => {
    const out: Record<string, unknown> = {};
    for (const [key, v] of pairs)
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  });

const record: fc.Arbitrary<ImportRecord> = fc
  .record(
    {
      externalId: fc.string({ maxLength: 4 }),
      fields: members(value),
      refs: fc.oneof(
        members(fc.oneof(fc.string({ maxLength: 3 }), fc.constant(null))),
        fc.constant(undefined),
      ),
      tenantId: fc.string({ maxLength: 2 }),
    },
    { requiredKeys: ['externalId', 'fields'] },
  )
  .map((r) => r as ImportRecord);

/** Records that share their first one's names now and then, in another order or with one more or fewer. */
const request: fc.Arbitrary<ImportBatchRequest> = fc
  .record({
    source: fc.constant('s'),
    deferUnresolved: fc.option(fc.boolean(), { nil: undefined }),
    records: fc.array(record, { maxLength: 12 }),
    reorder: fc.array(fc.nat(), { maxLength: 12 }),
  })
  .map(({ source, deferUnresolved, records, reorder }) => {
    const first = records[0];
    // Some records take the first record's names, each in a shuffled order of its own.
    const shaped = records.map((r, k) => {
      const turn = reorder[k];
      if (first === undefined || turn === undefined || k === 0 || turn % 3 === 0) return r;
      const names = Object.keys(first.fields);
      const fields: Record<string, unknown> = {};
      for (let n = 0; n < names.length; n++) {
        const key = names[(n + turn) % names.length] as string;
        Object.defineProperty(fields, key, {
          value: n,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return { externalId: r.externalId, fields, ...(first.refs === undefined ? {} : { refs: first.refs }) };
    });
    return { source, ...(deferUnresolved === undefined ? {} : { deferUnresolved }), records: shaped };
  });

/** The records a columnar body stands for, read as its documentation says (this test's own reading). */
function recordsOf(body: { fields: string[]; refs?: string[]; rows: unknown[] }): unknown[] {
  const refs = body.refs ?? [];
  return body.rows.map((row) => {
    if (!Array.isArray(row)) return row;
    expect(row).toHaveLength(1 + body.fields.length + refs.length);
    const record: Record<string, unknown> = { externalId: row[0] };
    record['fields'] = Object.fromEntries(body.fields.map((n, i) => [n, row[1 + i]]));
    if (refs.length > 0)
      record['refs'] = Object.fromEntries(refs.map((n, j) => [n, row[1 + body.fields.length + j]]));
    return record;
  });
}

/** A record's meaning: its members in any order, its fields and refs in theirs (core reports errors in it), no refs = `{}`. */
function meaning(record: unknown): unknown {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return record;
  const r = record as Record<string, unknown>;
  const members = Object.entries({ ...r, refs: r['refs'] ?? {} });
  return Object.fromEntries(members.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}

describe('toColumnarImport (property)', () => {
  it(
    'stands for the same records as the object form, names in the same order, as JSON reads them, the first one as a row',
    () => {
      fc.assert(
        fc.property(request, (req) => {
          const sent = JSON.parse(JSON.stringify(req)) as { records: unknown[]; deferUnresolved?: boolean };
          const columnar = JSON.parse(JSON.stringify(toColumnarImport(req)));
          expect(columnar.source).toBe(req.source);
          expect(columnar.deferUnresolved).toBe(sent.deferUnresolved);
          const read = recordsOf(columnar);
          expect(read).toHaveLength(sent.records.length);
          for (let k = 0; k < read.length; k++) {
            const same = sameJson(
              JSON.parse(JSON.stringify(meaning(read[k]))),
              JSON.parse(JSON.stringify(meaning(sent.records[k]))),
            );
            expect(
              same,
              `record ${k}: ${JSON.stringify(read[k])} for ${JSON.stringify(sent.records[k])}`,
            ).toBe(true);
          }
          const first = req.records[0];
          if (first !== undefined) {
            expect(columnar.fields).toEqual(Object.keys(first.fields));
            expect(columnar.refs).toEqual(Object.keys(first.refs ?? {}));
            const plain = Object.keys(first).every((k) => ['externalId', 'fields', 'refs'].includes(k));
            // JSON keeps each value in an object: none undefined, a function or a symbol.
            const kept = (o: object | undefined) =>
              Object.values(o ?? {}).every((v) => JSON.stringify({ v }) !== '{}');
            if (plain && kept(first.fields) && kept(first.refs))
              expect(Array.isArray(columnar.rows[0])).toBe(true);
          }
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );
});

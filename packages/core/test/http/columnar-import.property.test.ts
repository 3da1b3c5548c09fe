import {
  COLUMNAR_IMPORT_MEDIA_TYPE,
  COMPACT_IMPORT_MEDIA_TYPE,
  type CompactImportResponse,
  decodeCompactImport,
  type ImportBatchRequest,
  type ImportBatchResponse,
  type ImportRecord,
  type Problem,
  toColumnarImport,
} from '@madeup/contract';
import { describeEachDialect, fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { MODEL } from '../../src/model/model.ts';
import { useCore } from '../support/core-fixture.ts';

const RUNS = 10;
const customers = MODEL.get('customers');
if (customers === undefined) throw new Error('no customers entity');
const FIELDS = [...customers.fields.keys(), 'id', 'shoeSize', 'constructor'];
const REFS = [...customers.refs.map((r) => r.name), 'boss'];

/** Values of the customer's kinds, valid and not, and any JSON. */
const value = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    '',
    'Ada',
    'x'.repeat(300),
    'nul\u0000',
    'lone \ud800',
    'é 𝄞 "q" \\ ],[ },{',
    'a@b.co',
    '+1 555',
    '2024-01-31T12:00:00.123456Z',
    '2024-02-30T12:00:00Z',
    'US',
    true,
    0,
    { line1: '1 Main St', city: 'Springfield', country: 'US' },
    { line1: 'x', planet: 'Mars' },
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

const record = (names: readonly string[], refs: readonly string[]) =>
  fc
    .record({
      externalId: fc.oneof(fc.constantFrom('c1', 'c2', 'c3', 'C1', 'c1 ', 'é'), fc.string({ maxLength: 4 })),
      values: fc.array(value, { minLength: names.length, maxLength: names.length }),
      refValues: fc.array(fc.oneof(fc.constantFrom<unknown>(null, 'missing', ''), value), {
        minLength: refs.length,
        maxLength: refs.length,
      }),
    })
    .map(
      ({ externalId, values, refValues }): ImportRecord => ({
        externalId,
        fields: Object.fromEntries(names.map((n, i) => [n, values[i]])),
        ...(refs.length === 0
          ? {}
          : { refs: Object.fromEntries(refs.map((n, j) => [n, refValues[j]])) as never }),
      }),
    );

/**
 * A batch: most records of one set of names (the first record's, or the same names in another
 * order), some of another set; now and then one padded past 120 kB, so core reads the body in pieces.
 */
const batch: fc.Arbitrary<ImportBatchRequest> = fc
  .record({
    names: fc.shuffledSubarray(FIELDS, { minLength: 1 }),
    other: fc.shuffledSubarray(FIELDS),
    refs: fc.shuffledSubarray(REFS, { maxLength: 2 }),
    picks: fc.array(fc.nat(9), { minLength: 1, maxLength: 25 }),
    big: fc.boolean(),
  })
  .chain(({ names, other, refs, picks, big }) =>
    fc
      .tuple(
        ...picks.map((pick) =>
          pick < 6
            ? record(names, refs)
            : pick < 8
              ? record([...names].reverse(), refs)
              : record(other, pick === 8 ? [] : refs),
        ),
      )
      .map((records) => {
        const first = records[0];
        if (big && first !== undefined)
          records[records.length - 1] = {
            ...first,
            fields: { ...first.fields, company: 'p'.repeat(130_000) },
          };
        return { source: 'fuzz', records };
      }),
  );

/** What must be equal between the two forms: outcomes, hashes, deferred references, and errors in order. */
const outcomesOf = (response: ImportBatchResponse) =>
  response.results.map((r) => ({
    externalId: r.externalId,
    outcome: r.outcome,
    contentHash: r.contentHash,
    deferred: r.deferred,
    errors: r.errors?.map((e) => `${e.field} ${e.code} ${e.message.replace('rows[', 'records[')}`),
  }));

describeEachDialect(
  'columnar import body (property)',
  (target) => {
    const fixture = useCore(target);

    it(
      'gives core the same records as the object form: outcomes, hashes and errors; and the compact answer reads back as the plain one',
      async () => {
        const api = await fixture().shared();
        const path = '/v1/import/customers?dryRun=true';
        await fc.assert(
          fc.asyncProperty(batch, async (request) => {
            const columnar = JSON.stringify(toColumnarImport(request));
            const viaObjects = await api.post<ImportBatchResponse>(path, request);
            const viaRows = await api.raw<ImportBatchResponse>('POST', path, columnar, {
              'content-type': COLUMNAR_IMPORT_MEDIA_TYPE,
            });
            // A `__proto__` key in a value refuses either body whole.
            expect(viaRows.status).toBe(viaObjects.status);
            if (viaObjects.status !== 200) {
              expect(JSON.stringify(request)).toContain('"__proto__"');
              expect((viaRows.body as unknown as Problem).code).toBe(
                (viaObjects.body as unknown as Problem).code,
              );
              return;
            }
            expect(outcomesOf(viaRows.body)).toEqual(outcomesOf(viaObjects.body));
            expect(viaRows.body.counts).toEqual(viaObjects.body.counts);
            const compact = await api.raw<CompactImportResponse>('POST', path, columnar, {
              'content-type': COLUMNAR_IMPORT_MEDIA_TYPE,
              accept: COMPACT_IMPORT_MEDIA_TYPE,
            });
            expect(compact.headers.get('content-type')).toContain(COMPACT_IMPORT_MEDIA_TYPE);
            const sent = request.records.map((r) => r.externalId);
            expect(decodeCompactImport(compact.body, sent)).toEqual(viaRows.body);
          }),
          fuzzOptions(RUNS),
        );
      },
      fuzzTimeout(RUNS),
    );
  },
  ['sqlite'],
);

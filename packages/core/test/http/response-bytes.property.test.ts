import type { CompactImportResponse, ImportBatchResponse, RecordResult } from '@madeup/contract';
import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactResponseBytes } from '../../src/http/compact-response-bytes.ts';
import { importResponseBytes } from '../../src/http/import-response-bytes.ts';

const RUNS = 30;

/** Text of every sort, and texts that look like the members the writers look for. */
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom('"results":[', '\\"results\\":[', '],"results":[{', '\ud800', '\udc00x', '😀', '\u2028'),
);

const result: fc.Arbitrary<RecordResult> = fc.record(
  {
    externalId: text,
    outcome: fc.constantFrom('created', 'updated', 'unchanged', 'rejected'),
    id: text,
    contentHash: text,
    deferred: fc.array(text, { maxLength: 2 }),
    errors: fc.array(fc.record({ field: text, code: fc.constant('required'), message: text }), {
      maxLength: 2,
    }),
    errorsOmitted: fc.nat(),
  },
  { requiredKeys: ['externalId', 'outcome'] },
) as fc.Arbitrary<RecordResult>;

/** A long text: up to ~200,000 characters, astral ones and lone surrogates around the 64 Ki-character pieces. */
const longText = fc
  .tuple(
    fc.integer({ min: 0, max: 200_000 }),
    fc.array(fc.constantFrom('a', 'é', '😀', '\ud83d', '\ude00', '"', '\\', '\n'), {
      minLength: 1,
      maxLength: 5,
    }),
  )
  .map(([length, units]) => {
    let out = '';
    while (out.length < length) out += units[out.length % units.length];
    return out;
  });

describe('response bytes (property)', () => {
  it(
    'importResponseBytes writes the bytes of JSON.stringify, for any count of results and any text',
    () => {
      fc.assert(
        fc.property(
          fc.record({ entity: text, source: text, dryRun: fc.boolean() }),
          fc.array(result, { minLength: 1, maxLength: 6 }),
          fc.integer({ min: 0, max: 1200 }),
          fc.option(fc.nat(), { nil: undefined }),
          (head, some, count, errorsOmitted) => {
            const response: ImportBatchResponse = {
              ...head,
              counts: { created: 1, updated: 2, unchanged: 3, rejected: 4 },
              results: Array.from({ length: count }, (_, k) => some[k % some.length] as RecordResult),
              ...(errorsOmitted === undefined ? {} : { errorsOmitted }),
            };
            expect(importResponseBytes(response).equals(Buffer.from(JSON.stringify(response), 'utf8'))).toBe(
              true,
            );
          },
        ),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'compactResponseBytes writes the bytes of JSON.stringify, long ids and hashes included',
    () => {
      fc.assert(
        fc.property(
          fc.record(
            {
              entity: text,
              source: text,
              dryRun: fc.boolean(),
              counts: fc.record({
                created: fc.nat(),
                updated: fc.nat(),
                unchanged: fc.nat(),
                rejected: fc.nat(),
              }),
              outcomes: text,
              ids: longText,
              hashes: longText,
              externalIdsDigest: text,
              deferred: fc.dictionary(fc.nat().map(String), fc.array(text, { maxLength: 2 })),
              rejected: fc.dictionary(
                fc.nat().map(String),
                fc.record({ externalId: text, errors: fc.constant([]) }),
              ),
              errorsOmitted: fc.nat(),
            },
            {
              requiredKeys: [
                'entity',
                'source',
                'dryRun',
                'counts',
                'outcomes',
                'ids',
                'hashes',
                'externalIdsDigest',
              ],
            },
          ),
          (compact) => {
            const c = compact as CompactImportResponse;
            expect(compactResponseBytes(c).equals(Buffer.from(JSON.stringify(c), 'utf8'))).toBe(true);
          },
        ),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );
});

import { fuzzOptions, fuzzTimeout, sameJson } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CompactImportMismatchError,
  decodeCompactImport,
  encodeCompactImport,
  type ImportBatchResponse,
  parseJsonObjectBytes,
  type RecordResult,
} from '../src/index.ts';

const RUNS = 200;

/** External ids of any text: commas, newlines, quotes, astral and lone surrogates, empty. */
const externalId = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('', ',', '\n', 'a\nb', '"', '\\', '𝄞', '\ud800', 'é,ü'),
);
const hash = fc.stringMatching(/^[0-9a-f]{64}$/);
/** Core's ids: uuids or numbers, never a comma; '' or none for one created in a dry run. */
const coreId = fc.option(fc.oneof(fc.uuid(), fc.nat().map(String), fc.constant('')), { nil: undefined });
const recordError = fc.record({
  field: fc.string({ maxLength: 5 }),
  code: fc.constantFrom('required', 'invalid_type', 'invalid_format', 'unknown_field'),
  message: fc.string({ maxLength: 8 }),
});

const result: fc.Arbitrary<RecordResult> = fc.oneof(
  fc.record(
    {
      externalId,
      outcome: fc.constantFrom('created', 'updated', 'unchanged'),
      id: coreId,
      contentHash: hash,
      deferred: fc.option(fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }), { nil: undefined }),
    },
    { requiredKeys: ['externalId', 'outcome', 'contentHash'] },
  ),
  fc.record(
    {
      externalId,
      outcome: fc.constant('rejected' as const),
      errors: fc.array(recordError, { maxLength: 3 }),
      errorsOmitted: fc.nat(),
    },
    { requiredKeys: ['externalId', 'outcome', 'errors'] },
  ),
) as fc.Arbitrary<RecordResult>;

const response: fc.Arbitrary<ImportBatchResponse> = fc.record(
  {
    entity: fc.string({ maxLength: 5 }),
    source: fc.string({ maxLength: 5 }),
    dryRun: fc.boolean(),
    counts: fc.record({ created: fc.nat(), updated: fc.nat(), unchanged: fc.nat(), rejected: fc.nat() }),
    results: fc.array(result, { maxLength: 40 }),
    errorsOmitted: fc.nat(),
  },
  { requiredKeys: ['entity', 'source', 'dryRun', 'counts', 'results'] },
);

/** The external ids the client sent: the ones reported, except that a rejected record's may be any. */
const sentIds = (r: ImportBatchResponse) =>
  fc.tuple(
    ...r.results.map((x) =>
      x.outcome === 'rejected' ? fc.oneof(fc.constant(x.externalId), externalId) : fc.constant(x.externalId),
    ),
  );

/** The response as the client must read it back: no id for '' (dry run), no empty `deferred`. */
function expected(r: ImportBatchResponse): unknown {
  const results = r.results.map((x) => {
    const { id, deferred, ...rest } = x;
    return {
      ...rest,
      ...(id === undefined || id === '' ? {} : { id }),
      ...(deferred === undefined || deferred.length === 0 ? {} : { deferred }),
    };
  });
  return JSON.parse(JSON.stringify({ ...r, results }));
}

/** The compact answer's JSON in a reused buffer, as onboard reads it: parsed there, then the buffer written over. */
function readFromPool(json: string, sent: readonly string[]): ImportBatchResponse {
  const pool = Buffer.alloc(Buffer.byteLength(json) + 64, 0x5d);
  const length = pool.write(json, 0, 'utf8');
  const decoded = decodeCompactImport(parseJsonObjectBytes(pool.subarray(0, length)) as never, sent);
  pool.fill(0x78);
  return decoded;
}

/** Key order aside: the client's reading and the model are the same JSON. */
const sameResponse = (a: unknown, b: unknown) =>
  sameJson(JSON.parse(JSON.stringify(a, sortedKeys)), JSON.parse(JSON.stringify(b, sortedKeys)));
const sortedKeys = (_: string, v: unknown) =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v;

describe('compact import responses (property)', () => {
  it(
    'read back from a reused buffer as the response they encode, for the ids sent',
    () => {
      fc.assert(
        fc.property(
          response.chain((r) => fc.tuple(fc.constant(r), sentIds(r))),
          ([r, sent]) => {
            const decoded = readFromPool(JSON.stringify(encodeCompactImport(r)), sent);
            expect(sameResponse(decoded, expected(r)), JSON.stringify(decoded)).toBe(true);
          },
        ),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it(
    'refuse ids sent that are not the ones core read: another count, one changed, two swapped',
    () => {
      fc.assert(
        fc.property(
          response.chain((r) => fc.tuple(fc.constant(r), sentIds(r))),
          fc.constantFrom('drop', 'add', 'change', 'swap'),
          fc.nat(),
          externalId,
          ([r, sent], change, at, other) => {
            const written = r.results.flatMap((x, k) => (x.outcome === 'rejected' ? [] : [k]));
            const wrong = [...sent];
            const k = written[at % Math.max(1, written.length)];
            if (change === 'drop') wrong.splice(at % (wrong.length + 1), 1);
            else if (change === 'add') wrong.splice(at % (wrong.length + 1), 0, other);
            else if (k === undefined) return;
            else if (change === 'change') {
              if (other === wrong[k]) return;
              wrong[k] = other;
            } else {
              const j = written[(at + 1) % written.length] as number;
              if (wrong[j] === wrong[k]) return;
              [wrong[j], wrong[k]] = [wrong[k] as string, wrong[j] as string];
            }
            if (wrong.length === sent.length && wrong.every((id, n) => id === sent[n])) return;
            const json = JSON.stringify(encodeCompactImport(r));
            expect(() => readFromPool(json, wrong)).toThrow(CompactImportMismatchError);
          },
        ),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );
});

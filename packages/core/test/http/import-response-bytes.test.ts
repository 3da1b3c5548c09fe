import type { ImportBatchResponse, RecordResult } from '@madeup/contract';
import { describe, expect, it } from 'vitest';
import { importResponseBytes } from '../../src/http/import-response-bytes.ts';
import { responseJson } from '../../src/import/response-json.ts';

const hash = (k: number) => k.toString(16).padStart(64, '0');

function response(
  results: RecordResult[],
  source = 'vendor "x" ✓',
  errorsOmitted?: number,
): ImportBatchResponse {
  const counts = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const r of results) counts[r.outcome] += 1;
  return {
    entity: 'invoiceLines',
    source,
    dryRun: false,
    counts,
    results,
    ...(errorsOmitted === undefined ? {} : { errorsOmitted }),
  };
}

const created = (k: number): RecordResult => ({
  externalId: `x-${k}`,
  outcome: k % 3 === 0 ? 'created' : 'unchanged',
  id: String(900_000_000 + k),
  contentHash: hash(k),
});

const same = (r: ImportBatchResponse) =>
  expect(importResponseBytes(r).equals(Buffer.from(JSON.stringify(r), 'utf8'))).toBe(true);

describe('importResponseBytes', () => {
  it('gives the bytes of JSON.stringify for batches of every size around a piece', () => {
    for (const n of [0, 1, 255, 256, 257, 512, 513, 1000, 2000])
      same(response(Array.from({ length: n }, (_, k) => created(k))));
  });

  it('gives the bytes of JSON.stringify with rejections, deferred references, omitted errors and any source', () => {
    const results: RecordResult[] = Array.from({ length: 600 }, (_, k) =>
      k % 50 === 7
        ? {
            externalId: `b\u2028"é-${k}`,
            outcome: 'rejected',
            errors: [{ field: 'fields.name', code: 'required', message: 'name "is" required ✗ 😀' }],
            errorsOmitted: 2,
          }
        : k % 50 === 8
          ? { externalId: `c-${k}`, outcome: 'created', contentHash: hash(k), deferred: ['manager'] }
          : created(k),
    );
    same(response(results, 'vendor "x" ✓', 7));
    // A source whose text holds the member name the results are placed after.
    same(response(results, '"results":['));
    same(response(results, '\\"results":[]'));
  });

  it('sends a response serialised already (for an idempotency key) as that text', () => {
    const r = response(Array.from({ length: 300 }, (_, k) => created(k)));
    const text = responseJson(r);
    // Changed after (which no caller does): the text made first is what is sent.
    (r.results as RecordResult[])[0] = created(99);
    expect(importResponseBytes(r).toString('utf8')).toBe(text);
    expect(text).not.toBe(JSON.stringify(r));
  });
});

import { type CompactImportResponse, encodeCompactImport, type RecordResult } from '@madeup/contract';
import { describe, expect, it } from 'vitest';
import { compactResponseBytes } from '../../src/http/compact-response-bytes.ts';

const hash = (k: number) => k.toString(16).padStart(64, '0');

function response(results: RecordResult[], errorsOmitted?: number) {
  const counts = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const r of results) counts[r.outcome] += 1;
  return {
    entity: 'invoiceLines',
    source: 'vendor "x" ✓',
    dryRun: false,
    counts,
    results,
    ...(errorsOmitted === undefined ? {} : { errorsOmitted }),
  };
}

const same = (compact: CompactImportResponse) =>
  expect(compactResponseBytes(compact).equals(Buffer.from(JSON.stringify(compact), 'utf8'))).toBe(true);

describe('compactResponseBytes', () => {
  it('gives the bytes of JSON.stringify for a large batch (members past 64 Ki characters written in pieces)', () => {
    const results: RecordResult[] = Array.from({ length: 5000 }, (_, k) => ({
      externalId: `x-${k}`,
      outcome: k % 3 === 0 ? 'created' : 'unchanged',
      id: String(900_000_000 + k),
      contentHash: hash(k),
    }));
    const compact = encodeCompactImport(response(results));
    expect(compact.hashes.length).toBeGreaterThan(64 * 1024);
    same(compact);
  });

  it('gives the bytes of JSON.stringify with deferred references, rejections and omitted errors', () => {
    const results: RecordResult[] = [
      { externalId: 'a', outcome: 'created', id: '1', contentHash: hash(1), deferred: ['manager'] },
      {
        externalId: 'b\u2028"é',
        outcome: 'rejected',
        errors: [{ field: 'fields.name', code: 'required', message: 'name "is" required ✗' }],
        errorsOmitted: 2,
      },
      { externalId: 'c', outcome: 'created', contentHash: hash(3) },
    ];
    same(encodeCompactImport(response(results, 7)));
    same(encodeCompactImport(response([])));
  });

  it('writes a long member that needs escapes as JSON.stringify does, surrogate pairs across piece ends included', () => {
    const empty = encodeCompactImport(response([]));
    same({ ...empty, ids: `"é\n\u2028${'7,'.repeat(40_000)}\\` });
    // A pair whose high half is the last character of a piece, and lone halves.
    for (const shift of [0, 1, 2])
      same({ ...empty, hashes: `${'a'.repeat(64 * 1024 - 1 - shift)}😀${'b'.repeat(70_000)}\ud800x\udc00` });
  });
});

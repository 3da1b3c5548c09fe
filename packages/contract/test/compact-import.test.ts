import { describe, expect, it } from 'vitest';
import {
  CompactImportMismatchError,
  decodeCompactImport,
  encodeCompactImport,
  externalIdsDigest,
  type ImportBatchResponse,
} from '../src/index.ts';

const hash = (n: number) => n.toString(16).padStart(64, '0');

const response: ImportBatchResponse = {
  entity: 'customers',
  source: 'vendor-x',
  dryRun: false,
  counts: { created: 2, updated: 1, unchanged: 1, rejected: 2 },
  results: [
    { externalId: 'a', outcome: 'created', id: '101', contentHash: hash(1) },
    {
      externalId: 'b',
      outcome: 'rejected',
      errors: [{ field: 'fields.email', code: 'invalid_format', message: 'no' }],
      errorsOmitted: 3,
    },
    { externalId: 'c', outcome: 'updated', id: '7', contentHash: hash(2), deferred: ['manager'] },
    { externalId: 'd', outcome: 'unchanged', id: '8', contentHash: hash(3) },
    {
      externalId: '',
      outcome: 'rejected',
      errors: [{ field: 'externalId', code: 'required', message: 'x' }],
    },
    { externalId: 'f', outcome: 'created', id: '102', contentHash: hash(4) },
  ],
  errorsOmitted: 3,
};
const sent = ['a', 'b', 'c', 'd', 'e\u0000', 'f'];

describe('compact import responses', () => {
  it('stand for the same response: outcomes, ids, hashes, deferred references and errors', () => {
    const compact = encodeCompactImport(response);
    expect(compact.outcomes).toBe('crunrc');
    expect(compact.ids).toBe('101,7,8,102');
    expect(compact.hashes).toBe(hash(1) + hash(2) + hash(3) + hash(4));
    expect(decodeCompactImport(JSON.parse(JSON.stringify(compact)), sent)).toEqual(response);
    expect(JSON.stringify(compact).length).toBeLessThan(JSON.stringify(response).length);
  });

  it('keep an empty id (created in a dry run) apart from no record written', () => {
    for (const results of [
      [{ externalId: 'a', outcome: 'created', contentHash: hash(9) }],
      [
        { externalId: 'a', outcome: 'created', contentHash: hash(9) },
        { externalId: 'b', outcome: 'created', contentHash: hash(8) },
      ],
      [{ externalId: 'a', outcome: 'rejected', errors: [] }],
      [],
    ] as const) {
      const dry: ImportBatchResponse = { ...response, dryRun: true, results, errorsOmitted: 0 };
      const ids = results.map((r) => r.externalId);
      expect(decodeCompactImport(encodeCompactImport(dry), ids)).toEqual(dry);
    }
  });

  it('refuse to stand for other records: another count, other ids or another order', () => {
    const compact = encodeCompactImport(response);
    expect(() => decodeCompactImport(compact, sent.slice(1))).toThrow(CompactImportMismatchError);
    expect(() => decodeCompactImport(compact, ['a', 'b', 'd', 'c', 'e', 'f'])).toThrow(/other external ids/);
    expect(() => decodeCompactImport({ ...compact, ids: '101,7,8' }, sent)).toThrow(/3 ids for 4/);
    expect(() => decodeCompactImport({ ...compact, hashes: hash(1) }, sent)).toThrow(/hashes/);
    expect(() => decodeCompactImport({ ...compact, outcomes: 'crunrx' }, sent)).toThrow(/letter/);
  });

  it('refuse ids holding a newline that core read in another order, which joined look the same', () => {
    const written = (ids: string[]): ImportBatchResponse => ({
      ...response,
      counts: { created: ids.length, updated: 0, unchanged: 0, rejected: 0 },
      results: ids.map((externalId, k) => ({ externalId, outcome: 'created', contentHash: hash(k) })),
      errorsOmitted: 0,
    });
    // 'a' + '\n' + 'a\na' is 'a\na' + '\n' + 'a'.
    const compact = encodeCompactImport(written(['a', 'a\na']));
    expect(() => decodeCompactImport(compact, ['a\na', 'a'])).toThrow(/other external ids/);
    expect(decodeCompactImport(compact, ['a', 'a\na']).results).toHaveLength(2);
    // Ids without a newline keep the digest of their joined text.
    expect(externalIdsDigest(['a', 'b'])).toBe(
      '7e18f737311b2dc3b2f269dd78396b0351f14fb66efa879f768cb23181883c78',
    );
  });
});

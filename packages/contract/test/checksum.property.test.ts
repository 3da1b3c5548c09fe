import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChecksumAccumulator, checksumOfRecords } from '../src/index.ts';

const RUNS = 100;

describe('checksumOfRecords (property)', () => {
  it(
    'equals the accumulated recordChecksum sum for any ids and hashes, Unicode included',
    () => {
      const pair = fc.tuple(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ maxLength: 70 }));
      fc.assert(
        fc.property(fc.array(pair, { maxLength: 300 }), (pairs) => {
          // The oracle: each record's checksum from its hex digest, added one by one as BigInt.
          const accumulated = new ChecksumAccumulator();
          for (const [id, hash] of pairs) accumulated.add(id, hash);
          expect(checksumOfRecords(pairs)).toEqual({ count: pairs.length, value: accumulated.value });
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS, 100),
  );
});

import { ChecksumAccumulator } from '@madeup/contract';
import { describe, expect, it } from 'vitest';
import { batchChecksum } from '../../src/executor/batch-checksum.ts';

describe('batchChecksum', () => {
  it('equals the contract’s ChecksumAccumulator, including non-ASCII ids', () => {
    const pairs: [string, string][] = Array.from({ length: 500 }, (_, i) => [
      `id-${i}-é漢`,
      `hash${i * 7919}`,
    ]);
    const reference = new ChecksumAccumulator();
    for (const [id, hash] of pairs) reference.add(id, hash);
    expect(batchChecksum(pairs)).toEqual({ count: 500, value: reference.value });
  });

  it('is zero for no records', () => {
    expect(batchChecksum([])).toEqual({ count: 0, value: '0000000000000000' });
  });
});

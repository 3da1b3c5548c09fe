import { describe, expect, it } from 'vitest';
import { partitionByKeyJumps } from '../../src/connectors/shared/keyset-partitioner.ts';
import type { SourceValue } from '../../src/connectors/value.ts';

describe('the partition walk', () => {
  it('fails, naming the stream and bound, when a jump finds its lower bound again instead of looping', async () => {
    // A MariaDB FLOAT key 514.1400146 reads as 514.14, so `key > 514.14` finds it again, forever.
    let jumps = 0;
    const stuck = async (): Promise<SourceValue[][]> => {
      jumps += 1;
      return [[514.14], [514.14]];
    };
    await expect(partitionByKeyJumps('floats', ['k'], 1, stuck)).rejects.toThrow(
      'the partition walk of stream "floats" found the key bound [514.14] twice',
    );
    expect(jumps).toBe(2);
  });

  it('walks keys that advance into contiguous ranges', async () => {
    const keys = [1, 2, 3, 4, 5];
    const jump = async (lower: readonly SourceValue[] | null, skip: number) =>
      keys
        .filter((k) => lower === null || k > (lower[0] as number))
        .slice(skip, skip + 2)
        .map((k) => [k]);
    const partitions = await partitionByKeyJumps('t', ['k'], 2, jump);
    expect(partitions.map((p) => [p.lower, p.upper])).toEqual([
      [null, [2]],
      [[2], [4]],
      [[4], null],
    ]);
  });
});

import type { Partition } from '../connector.ts';
import type { SourceValue } from '../value.ts';

/**
 * Returns up to two key tuples that follow `lower` (all keys when null) in key order, skipping the
 * first `skip`: i.e. `ORDER BY key LIMIT 2 OFFSET skip`. The first is the next partition's upper
 * bound; a second proves rows remain after it.
 */
export type KeyJump = (lower: readonly SourceValue[] | null, skip: number) => Promise<SourceValue[][]>;

/**
 * Splits a key space into contiguous ranges of exactly `targetRows` keys (the last one holds the
 * rest) by walking the key index in jumps: each jump reads `targetRows` index entries and never the
 * rows, so the whole walk is one ordered index scan, and the distribution of the keys (gaps, skew,
 * text, composite) does not matter. Bounds follow `Partition`: `lower < key <= upper`, null = open.
 */
export async function partitionByKeyJumps(
  stream: string,
  key: readonly string[],
  targetRows: number,
  jump: KeyJump,
  signal?: AbortSignal,
): Promise<Partition[]> {
  const target = Math.max(1, Math.floor(targetRows));
  const partitions: Partition[] = [];
  let lower: readonly SourceValue[] | null = null;
  for (;;) {
    signal?.throwIfAborted();
    const next = await jump(lower, target - 1);
    const upper = next.length === 2 ? (next[0] as SourceValue[]) : null;
    // A bound that reads back as a smaller key than stored would be found again and again.
    if (upper !== null && lower !== null && JSON.stringify(upper) === JSON.stringify(lower))
      throw new Error(
        `the partition walk of stream "${stream}" found the key bound ${JSON.stringify(upper)} twice: ` +
          'its key values do not read back as stored',
      );
    const index = partitions.length;
    partitions.push({
      stream,
      index,
      key: [...key],
      lower,
      upper,
      ...(upper ? { estimatedRows: target } : {}),
    });
    if (upper === null) return partitions;
    lower = upper;
  }
}

import { ChecksumAccumulator } from '@madeup/contract';
import { describe, expect, it } from 'vitest';
import { compareCursor, maxCursor } from '../../src/connectors/compare-cursor.ts';
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

describe('compareCursor', () => {
  it('orders numbers, 64-bit digit strings and ISO timestamps as the source does', () => {
    expect(compareCursor(9, 10)).toBeLessThan(0);
    expect(compareCursor('9', '10')).toBeLessThan(0);
    expect(compareCursor('9223372036854775807', '9223372036854775806')).toBeGreaterThan(0);
    expect(compareCursor('2024-01-31T00:00:00.000000Z', '2024-02-01T00:00:00.000000Z')).toBeLessThan(0);
    expect(compareCursor(null, 'x')).toBeLessThan(0);
    expect(maxCursor(null, '2024-01-01')).toBe('2024-01-01');
    expect(maxCursor('2024-03-01', '2024-01-01')).toBe('2024-03-01');
    expect(maxCursor(undefined, undefined)).toBeNull();
  });
});

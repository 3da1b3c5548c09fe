import { describe, expect, it } from 'vitest';
import { ChecksumAccumulator, checksumOfRecords, combineChecksum, recordChecksum } from '../src/index.ts';

describe('checksum', () => {
  const records = Array.from({ length: 50 }, (_, i) => [`ext-${i}`, `hash-${i * 7}`] as const);

  it('does not depend on order or batching', () => {
    const forward = new ChecksumAccumulator();
    for (const [id, hash] of records) forward.add(id, hash);
    const backward = new ChecksumAccumulator();
    for (const [id, hash] of [...records].reverse()) backward.add(id, hash);
    expect(backward.value).toBe(forward.value);
    expect(combineChecksum(records.map(([id, hash]) => recordChecksum(id, hash)))).toBe(forward.value);
    expect(forward.value).toMatch(/^[0-9a-f]{16}$/);
    expect(forward.count).toBe(50);
  });

  it('changes when any content hash changes, and remove undoes add', () => {
    const a = new ChecksumAccumulator();
    const b = new ChecksumAccumulator();
    for (const [id, hash] of records) {
      a.add(id, hash);
      b.add(id, id === 'ext-13' ? 'other' : hash);
    }
    expect(b.value).not.toBe(a.value);
    b.remove('ext-13', 'other');
    b.add('ext-13', 'hash-91');
    expect(b.value).toBe(a.value);
  });

  it('is the empty value for no records', () => {
    expect(new ChecksumAccumulator().value).toBe('0000000000000000');
  });

  it('is pinned: the first 8 bytes of sha256(externalId + "\\n" + contentHash), summed mod 2^64', () => {
    expect(recordChecksum('ext-1', 'hash-7').toString(16)).toBe('4ad6488d98aef116');
    const many = Array.from({ length: 3000 }, (_, i) => [`ext-${i}`, `hash-${i * 7}`] as const);
    const accumulated = new ChecksumAccumulator();
    for (const [id, hash] of many) accumulated.add(id, hash);
    expect(accumulated.value).toBe('d9ba652d25be09fa');
    expect(checksumOfRecords(many)).toEqual({ count: 3000, value: 'd9ba652d25be09fa' });
    expect(checksumOfRecords([])).toEqual({ count: 0, value: '0000000000000000' });
  });
});

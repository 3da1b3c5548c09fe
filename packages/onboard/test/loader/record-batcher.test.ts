import { describe, expect, it } from 'vitest';
import { batchBody, RecordBatcher } from '../../src/loader/record-batcher.ts';
import { backoffDelay, parseRetryAfter } from '../../src/loader/retry-policy.ts';

function fill(batcher: RecordBatcher, records: readonly string[]): string[][] {
  const batches: string[][] = [];
  for (const json of records) {
    const bytes = Buffer.byteLength(json);
    if (batcher.wouldOverflow(bytes)) batches.push(batcher.take());
    batcher.add(json, bytes);
  }
  if (batcher.size > 0) batches.push(batcher.take());
  return batches;
}

describe('RecordBatcher', () => {
  it('cuts by record count', () => {
    const records = Array.from({ length: 7 }, (_, i) => `{"externalId":"${i}"}`);
    const batches = fill(new RecordBatcher({ maxRecords: 3, maxBytes: 1_000_000 }), records);
    expect(batches.map((b) => b.length)).toEqual([3, 3, 1]);
    expect(batches.flat()).toEqual(records);
  });

  it('cuts by bytes, and every body stays within the limit', () => {
    const records = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify({ externalId: `${i}`, fields: { note: 'é'.repeat(40 + i) } }),
    );
    const maxBytes = 1200;
    const batches = fill(new RecordBatcher({ maxRecords: 1000, maxBytes }), records);
    expect(batches.length).toBeGreaterThan(5);
    expect(batches.flat()).toEqual(records);
    for (const b of batches) {
      const body = batchBody('a-source-name', true, b);
      expect(Buffer.byteLength(body)).toBeLessThanOrEqual(maxBytes);
    }
  });

  it('knows a record too large to send alone', () => {
    const batcher = new RecordBatcher({ maxRecords: 10, maxBytes: 1000 });
    expect(batcher.tooLarge(900)).toBe(true);
    expect(batcher.tooLarge(100)).toBe(false);
  });

  it('builds a valid request body', () => {
    expect(JSON.parse(batchBody('s', false, ['{"externalId":"1","fields":{}}']))).toEqual({
      source: 's',
      records: [{ externalId: '1', fields: {} }],
    });
  });
});

describe('backoff', () => {
  const policy = { budgetMs: 60_000, maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };

  it('draws full jitter under a doubling ceiling, capped', () => {
    expect(backoffDelay({ ...policy, random: () => 0.999 }, 1)).toBe(99);
    expect(backoffDelay({ ...policy, random: () => 0.999 }, 3)).toBe(399);
    expect(backoffDelay({ ...policy, random: () => 0.999 }, 10)).toBe(999);
    expect(backoffDelay({ ...policy, random: () => 0 }, 4)).toBe(0);
  });

  it('never waits less than Retry-After (up to the cap)', () => {
    expect(backoffDelay({ ...policy, random: () => 0 }, 1, 700)).toBe(700);
    expect(backoffDelay({ ...policy, random: () => 0 }, 1, 5000)).toBe(1000);
  });

  it('parses Retry-After in seconds and as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

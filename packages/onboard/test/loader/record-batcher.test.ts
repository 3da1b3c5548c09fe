import { describe, expect, it } from 'vitest';
import { batchBody, RecordBatcher } from '../../src/loader/record-batcher.ts';
import { backoffDelay, parseRetryAfter } from '../../src/loader/retry-policy.ts';
import type { SerialisedRecords } from '../../src/loader/serialised-records.ts';

function fill(batcher: RecordBatcher, records: readonly string[]): SerialisedRecords[] {
  const batches: SerialisedRecords[] = [];
  for (const json of records) {
    const bytes = Buffer.byteLength(json);
    if (batcher.wouldOverflow(bytes)) batches.push(batcher.take());
    batcher.add(json, bytes);
  }
  if (batcher.size > 0) batches.push(batcher.take());
  return batches;
}

/** The records a body carries, parsed back. */
const recordsOf = (body: Buffer): unknown[] =>
  (JSON.parse(body.toString('utf8')) as { records: unknown[] }).records;

describe('RecordBatcher', () => {
  it('cuts by record count', () => {
    const records = Array.from({ length: 7 }, (_, i) => `{"externalId":"${i}"}`);
    const batches = fill(new RecordBatcher({ maxRecords: 3, maxBytes: 1_000_000 }), records);
    expect(batches.map((b) => b.count)).toEqual([3, 3, 1]);
    expect(batches.flatMap((b) => recordsOf(batchBody('s', false, b).bytes))).toEqual(
      records.map((json) => JSON.parse(json)),
    );
  });

  it('cuts by bytes, and every body stays within the limit', () => {
    const records = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify({ externalId: `${i}`, fields: { note: 'é'.repeat(40 + i) } }),
    );
    const maxBytes = 1200;
    const batches = fill(new RecordBatcher({ maxRecords: 1000, maxBytes }), records);
    expect(batches.length).toBeGreaterThan(5);
    const bodies = batches.map((b) => batchBody('a-source-name', true, b).bytes);
    expect(bodies.flatMap(recordsOf)).toEqual(records.map((json) => JSON.parse(json)));
    for (const body of bodies) expect(body.length).toBeLessThanOrEqual(maxBytes);
  });

  it('knows a record too large to send alone', () => {
    const batcher = new RecordBatcher({ maxRecords: 10, maxBytes: 1000 });
    expect(batcher.tooLarge(900)).toBe(true);
    expect(batcher.tooLarge(100)).toBe(false);
  });

  it('builds a valid request body', () => {
    const batcher = new RecordBatcher({ maxRecords: 10, maxBytes: 1000 });
    batcher.add('{"externalId":"1","fields":{}}', 30);
    expect(JSON.parse(batchBody('s', false, batcher.take()).bytes.toString('utf8'))).toEqual({
      source: 's',
      records: [{ externalId: '1', fields: {} }],
    });
  });

  it('gives the body of any part of a batch, records spanning its buffers included', () => {
    // Records of 1 to ~300 kB, multi-byte text: several cross the writer's 256 KiB buffers.
    const records = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({ externalId: `r${i}`, fields: { note: 'ü€x'.repeat((i * 7919) % 100_000) } }),
    );
    const batcher = new RecordBatcher({ maxRecords: 1000, maxBytes: 100_000_000 });
    for (const json of records) batcher.add(json, Buffer.byteLength(json));
    const body = batchBody('src', true, batcher.take());
    expect(body.count).toBe(40);
    expect(body.bytes.toString('utf8')).toBe(
      `{"source":"src","deferUnresolved":true,"records":[${records.join(',')}]}`,
    );
    for (const [from, to] of [
      [0, 40],
      [0, 1],
      [39, 40],
      [3, 17],
      [20, 21],
      [5, 5],
    ] as const) {
      const part = JSON.parse(body.part(from, to).toString('utf8')) as Record<string, unknown>;
      expect(part).toEqual({
        source: 'src',
        deferUnresolved: true,
        records: records.slice(from, to).map((json) => JSON.parse(json)),
      });
    }
  });

  it('starts each batch empty after take', () => {
    const batcher = new RecordBatcher({ maxRecords: 2, maxBytes: 1000 });
    batcher.add('{"a":1}', 7);
    batcher.add('{"a":2}', 7);
    expect(batcher.wouldOverflow(7)).toBe(true);
    batcher.take();
    expect(batcher.size).toBe(0);
    batcher.add('{"a":3}', 7);
    expect(batchBody('s', false, batcher.take()).bytes.toString('utf8')).toBe(
      '{"source":"s","records":[{"a":3}]}',
    );
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

import { describe, expect, it } from 'vitest';
import { BodyBuffers } from '../../src/loader/body-buffers.ts';
import { batchEnvelope, RecordBatcher } from '../../src/loader/record-batcher.ts';
import { BodyWriter, type RequestBody } from '../../src/loader/request-body.ts';
import { backoffDelay, parseRetryAfter } from '../../src/loader/retry-policy.ts';

function fill(batcher: RecordBatcher, records: readonly string[]): RequestBody[] {
  const batches: RequestBody[] = [];
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
    const batches = fill(
      new RecordBatcher({ maxRecords: 3, maxBytes: 1_000_000 }, batchEnvelope('s', false)),
      records,
    );
    expect(batches.map((b) => b.count)).toEqual([3, 3, 1]);
    expect(batches.flatMap((b) => recordsOf(b.bytes))).toEqual(records.map((json) => JSON.parse(json)));
  });

  it('cuts by bytes, and every body stays within the limit', () => {
    const records = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify({ externalId: `${i}`, fields: { note: 'é'.repeat(40 + i) } }),
    );
    const maxBytes = 1200;
    const batcher = new RecordBatcher({ maxRecords: 1000, maxBytes }, batchEnvelope('a-source-name', true));
    const batches = fill(batcher, records);
    expect(batches.length).toBeGreaterThan(5);
    expect(batches.flatMap((b) => recordsOf(b.bytes))).toEqual(records.map((json) => JSON.parse(json)));
    for (const b of batches) expect(b.bytes.length).toBeLessThanOrEqual(maxBytes);
  });

  it('counts a long source name against the byte limit', () => {
    const records = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify({ externalId: `${i}`, n: 'x'.repeat(60) }),
    );
    const maxBytes = 2000;
    const batcher = new RecordBatcher({ maxRecords: 1000, maxBytes }, batchEnvelope('s'.repeat(900), false));
    for (const b of fill(batcher, records)) expect(b.bytes.length).toBeLessThanOrEqual(maxBytes);
  });

  it('knows a record too large to send alone', () => {
    const batcher = new RecordBatcher({ maxRecords: 10, maxBytes: 1000 }, batchEnvelope('s', false));
    expect(batcher.tooLarge(900)).toBe(true);
    expect(batcher.tooLarge(100)).toBe(false);
  });

  it('builds a valid request body', () => {
    const batcher = new RecordBatcher({ maxRecords: 10, maxBytes: 1000 }, batchEnvelope('s', false));
    batcher.add('{"externalId":"1","fields":{}}', 30);
    expect(JSON.parse(batcher.take().bytes.toString('utf8'))).toEqual({
      source: 's',
      records: [{ externalId: '1', fields: {} }],
    });
  });

  it('gives the body of any part of a batch, records that outgrow its buffer included', () => {
    // Records of 0 to ~300 kB of multi-byte text: the body's buffer grows several times.
    const records = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({ externalId: `r${i}`, fields: { note: 'ü€x'.repeat((i * 7919) % 100_000) } }),
    );
    const batcher = new RecordBatcher(
      { maxRecords: 1000, maxBytes: 100_000_000 },
      batchEnvelope('src', true),
    );
    for (const json of records) batcher.add(json, Buffer.byteLength(json));
    const body = batcher.take();
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
      expect(JSON.parse(body.part(from, to).toString('utf8'))).toEqual({
        source: 'src',
        deferUnresolved: true,
        records: records.slice(from, to).map((json) => JSON.parse(json)),
      });
    }
  });

  it('starts each batch empty after take', () => {
    const batcher = new RecordBatcher({ maxRecords: 2, maxBytes: 1000 }, batchEnvelope('s', false));
    batcher.add('{"a":1}', 7);
    batcher.add('{"a":2}', 7);
    expect(batcher.wouldOverflow(7)).toBe(true);
    batcher.take();
    expect(batcher.size).toBe(0);
    batcher.add('{"a":3}', 7);
    expect(batcher.take().bytes.toString('utf8')).toBe('{"source":"s","records":[{"a":3}]}');
    expect(batcher.take().bytes.toString('utf8')).toBe('{"source":"s","records":[]}');
  });
});

describe('request bodies in reused buffers', () => {
  it('writes the next body into a released one, and never hands one buffer out twice', () => {
    const pool = new BodyBuffers(1024 * 1024);
    const writer = new BodyWriter(batchEnvelope('s', false), pool);
    writer.add('{"a":1}', 7);
    const first = writer.take();
    const backing = first.bytes.buffer;
    first.release(pool);
    first.release(pool); // a second release is ignored
    writer.add('{"b":2}', 7);
    const second = writer.take();
    expect(second.bytes.buffer).toBe(backing);
    expect(second.bytes.toString('utf8')).toBe('{"source":"s","records":[{"b":2}]}');
    writer.add('{"c":3}', 7);
    const third = writer.take();
    expect(third.bytes.buffer).not.toBe(backing);
    expect(second.bytes.toString('utf8')).toBe('{"source":"s","records":[{"b":2}]}');
  });

  it('keeps no more than its limit of free buffers', () => {
    const pool = new BodyBuffers(100 * 1024);
    const a = pool.get(10);
    const b = pool.get(10);
    pool.release(a);
    pool.release(b);
    expect(pool.get(10)).toBe(a);
    expect(pool.get(10)).not.toBe(b);
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

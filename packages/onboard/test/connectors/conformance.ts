import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CheckResult,
  Connector,
  Partition,
  SourceOptions,
  StreamInfo,
} from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import type { Row, SourceValue } from '../../src/connectors/value.ts';

/** A stream the fixture created, with what reading it must give. */
export interface ExpectedStream {
  readonly name: string;
  readonly rows: number;
  /** The key discovery must report; empty for a stream read whole. */
  readonly key: readonly string[];
  /** Target rows per partition for this stream (default: a quarter of the rows). */
  readonly targetRows?: number;
  /** At least this many partitions (proves the stream was really split). */
  readonly minPartitions?: number;
  /** Every partition but the last holds exactly `targetRows` rows (keyset partitioning). */
  readonly exactPartitions?: boolean;
}

/** A source prepared for the conformance suite. */
export interface ConformanceSource {
  readonly source: SourceOptions;
  /** A source that must fail `check` with `badCode` (wrong password, missing file). */
  readonly badSource: SourceOptions;
  readonly badCode: Exclude<CheckResult, { ok: true }>['code'];
  /** A secret that must never appear in a check message. */
  readonly secret?: string;
  readonly streams: readonly ExpectedStream[];
}

/**
 * The suite every connector passes: check (good and bad credentials), discover, partition every
 * expected stream into several contiguous ranges, read them all (and resume inside one), and prove
 * that no row is missing or repeated and that every row lies inside its partition.
 */
export function describeConformance(label: string, prepare: () => Promise<ConformanceSource>): void {
  describe(`connector conformance: ${label}`, () => {
    let prepared: ConformanceSource;
    let connector: Connector;
    let streams: StreamInfo[];
    beforeAll(async () => {
      prepared = await prepare();
      connector = openConnector({ ...prepared.source, onWarning: () => {} });
      // Every test reads from this discovery, so each one can run alone.
      streams = await connector.discover();
    });
    afterAll(async () => {
      await connector?.close();
    });

    it('check accepts good credentials and names the reason for bad ones, without the secret', async () => {
      expect(await connector.check()).toMatchObject({ ok: true });
      const bad = openConnector(prepared.badSource);
      try {
        const result = await bad.check();
        expect(result).toMatchObject({ ok: false, code: prepared.badCode });
        if (prepared.secret && !result.ok) expect(result.message).not.toContain(prepared.secret);
      } finally {
        await bad.close();
      }
    });

    it('discovers every stream with its key', async () => {
      const streams = await connector.discover();
      for (const expected of prepared.streams) {
        const stream = streams.find((s) => s.name === expected.name);
        expect(stream, `stream ${expected.name}`).toBeDefined();
        expect(stream?.primaryKey).toEqual(expected.key);
        expect(stream?.columns.length).toBeGreaterThan(0);
      }
    });

    it('reads every row exactly once over contiguous partitions', async () => {
      for (const expected of prepared.streams) {
        const stream = streams.find((s) => s.name === expected.name) as StreamInfo;
        const target = expected.targetRows ?? Math.max(1, Math.ceil(expected.rows / 4));
        const partitions = await connector.partition(stream, target);
        expect(partitions.length).toBeGreaterThanOrEqual(expected.minPartitions ?? 1);
        assertContiguous(partitions);
        const seen = new Set<string>();
        for (const partition of partitions) {
          const rows = await readAll(connector, stream, partition, Math.max(1, Math.floor(target / 3)));
          if (expected.exactPartitions && partition.upper !== null) expect(rows.length).toBe(target);
          for (const row of rows) {
            if (partition.key.length > 0) assertInside(partition, row);
            const id = identity(stream, row);
            expect(seen.has(id), `${stream.name}: row ${id} read twice`).toBe(false);
            seen.add(id);
          }
        }
        expect(seen.size, `${stream.name}: rows read`).toBe(expected.rows);
        expect(JSON.parse(JSON.stringify(partitions))).toEqual(partitions);
      }
    });

    it('resumes inside a partition after the last row read', async () => {
      const expected = prepared.streams.find((s) => s.key.length > 0 && s.rows >= 10);
      if (expected === undefined) throw new Error('the fixture needs a keyed stream with at least 10 rows');
      const stream = streams.find((s) => s.name === expected.name) as StreamInfo;
      const [whole] = await connector.partition(stream, expected.rows + 1);
      const all = await readAll(connector, stream, whole as Partition, 1000);
      const cut = all[4] as Row;
      const after = (whole as Partition).key.map((column) => cut[column] as SourceValue);
      const rest = await readAll(connector, stream, whole as Partition, 3, after);
      expect(rest.map((row) => identity(stream, row))).toEqual(
        all.slice(5).map((row) => identity(stream, row)),
      );
    });

    it('stops when the signal aborts', async () => {
      const expected = prepared.streams.find((s) => s.rows >= 10) as ExpectedStream;
      const stream = streams.find((s) => s.name === expected.name) as StreamInfo;
      const [partition] = await connector.partition(stream, expected.rows + 1);
      const controller = new AbortController();
      const reading = (async () => {
        let batches = 0;
        for await (const _ of connector.read(stream, partition as Partition, {
          batchSize: 2,
          signal: controller.signal,
        })) {
          batches++;
          if (batches === 2) controller.abort();
        }
        return batches;
      })();
      await expect(reading).rejects.toThrow();
    });
  });
}

/** Reads one partition whole, checking that no batch is larger than asked. */
export async function readAll(
  connector: Connector,
  stream: StreamInfo,
  partition: Partition,
  batchSize: number,
  after?: readonly SourceValue[],
): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const batch of connector.read(stream, partition, { batchSize, ...(after ? { after } : {}) })) {
    expect(batch.length).toBeLessThanOrEqual(batchSize);
    rows.push(...batch);
  }
  return rows;
}

function identity(stream: StreamInfo, row: Row): string {
  return JSON.stringify(stream.primaryKey.length > 0 ? stream.primaryKey.map((c) => row[c]) : row);
}

function assertContiguous(partitions: readonly Partition[]): void {
  expect(partitions[0]?.lower ?? null).toBeNull();
  expect(partitions.at(-1)?.upper ?? null).toBeNull();
  partitions.forEach((partition, i) => {
    expect(partition.index).toBe(i);
    if (i > 0) expect(partition.lower).toEqual(partitions[i - 1]?.upper);
  });
}

/** Compares key tuples of numbers, digit strings (64-bit) or file names (by code unit). */
function compareTuple(a: readonly SourceValue[], b: readonly SourceValue[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'string' && typeof y === 'string' && /^-?\d+$/.test(x) && /^-?\d+$/.test(y)) {
      return BigInt(x) < BigInt(y) ? -1 : 1;
    }
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/** Checks bounds where the order is collation-free: numeric keys and file positions. */
function assertInside(partition: Partition, row: Row): void {
  const key = partition.key.map((column) => row[column] as SourceValue);
  const numeric = (v: SourceValue | undefined) =>
    typeof v === 'number' || (typeof v === 'string' && /^-?\d+$/.test(v));
  const files = partition.key[0] === '_source_file';
  if (!files && !key.every(numeric)) return;
  if (partition.lower)
    expect(compareTuple(key, partition.lower), `${JSON.stringify(key)} > lower`).toBeGreaterThan(0);
  if (partition.upper)
    expect(compareTuple(key, partition.upper), `${JSON.stringify(key)} <= upper`).toBeLessThanOrEqual(0);
}

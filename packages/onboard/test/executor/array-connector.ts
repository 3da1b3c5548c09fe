import type { Connector, Partition, ReadOptions, StreamInfo } from '../../src/connectors/connector.ts';
import type { Row } from '../../src/connectors/value.ts';

/**
 * A source over in-memory rows keyed by an integer `id`, with keyset partitions: a fixture for
 * planner and executor tests that need exact control of the rows (the SQL connectors have their own
 * suites against real databases).
 */
export class ArrayConnector implements Connector {
  readonly kind = 'array';
  readonly #streams: Map<string, Row[]>;
  /** Rows handed out by `read`, across calls. */
  rowsServed = 0;

  constructor(streams: Record<string, Row[]>) {
    this.#streams = new Map(
      Object.entries(streams).map(([k, rows]) => [k, [...rows].sort((a, b) => id(a) - id(b))]),
    );
  }

  async check() {
    return { ok: true as const };
  }

  async discover(): Promise<StreamInfo[]> {
    return [...this.#streams].map(([name, rows]) => ({
      name,
      kind: 'table' as const,
      columns: Object.keys(rows[0] ?? { id: 0 }).map((c) => ({
        name: c,
        type: 'string' as const,
        nativeType: 'text',
        nullable: true,
      })),
      primaryKey: ['id'],
      cursorCandidates: [],
      estimatedRows: rows.length,
    }));
  }

  async partition(stream: StreamInfo, targetRows: number): Promise<Partition[]> {
    const rows = this.#streams.get(stream.name) ?? [];
    const partitions: Partition[] = [];
    for (let start = 0; start < rows.length || partitions.length === 0; start += targetRows) {
      const chunk = rows.slice(start, start + targetRows);
      const last = start + targetRows >= rows.length;
      partitions.push({
        stream: stream.name,
        index: partitions.length,
        key: ['id'],
        lower: start === 0 ? null : [id(rows[start - 1] as Row)],
        upper: last ? null : [id(chunk[chunk.length - 1] as Row)],
        estimatedRows: chunk.length,
      });
      if (last) break;
    }
    return partitions;
  }

  async *read(stream: StreamInfo, partition: Partition, options: ReadOptions): AsyncIterable<Row[]> {
    const lower = (partition.lower?.[0] as number | undefined) ?? Number.NEGATIVE_INFINITY;
    const upper = (partition.upper?.[0] as number | undefined) ?? Number.POSITIVE_INFINITY;
    const after = (options.after?.[0] as number | undefined) ?? Number.NEGATIVE_INFINITY;
    const rows = (this.#streams.get(stream.name) ?? []).filter(
      (r) => id(r) > lower && id(r) <= upper && id(r) > after,
    );
    for (let i = 0; i < rows.length; i += options.batchSize) {
      options.signal?.throwIfAborted();
      const batch = rows.slice(i, i + options.batchSize);
      this.rowsServed += batch.length;
      yield batch;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async close(): Promise<void> {}
}

function id(row: Row): number {
  return Number(row['id']);
}

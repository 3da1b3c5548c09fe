import type pg from 'pg';
import QueryStream from 'pg-query-stream';
import { readableBatches } from '../shared/readable-batches.ts';
import type { SqlStreamOptions } from '../shared/sql-driver.ts';
import type { Row } from '../value.ts';
import { postgresTypes } from './normalise.ts';
import { assertSnapshotId } from './snapshots.ts';

/**
 * Streams one query through a server-side cursor (pg-query-stream) inside a read-only repeatable-
 * read transaction, importing the run's exported snapshot when given. The cursor fetches
 * `batchSize` rows at a time and only when the consumer asks for more.
 */
export async function* streamPostgres(
  pool: pg.Pool,
  sql: string,
  params: readonly unknown[],
  options: SqlStreamOptions,
): AsyncGenerator<Row[]> {
  const client = await pool.connect();
  let healthy = false;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    if (options.snapshot !== undefined) {
      await client.query(`SET TRANSACTION SNAPSHOT '${assertSnapshotId(options.snapshot)}'`);
    }
    const query = new QueryStream(sql, [...params], {
      batchSize: options.batchSize,
      highWaterMark: options.batchSize,
      rowMode: 'array',
      types: postgresTypes,
    });
    const stream = client.query(query);
    yield* readableBatches<Row>(stream, options.batchSize, options.signal, options.row);
    await client.query('COMMIT');
    healthy = true;
  } finally {
    // A cursor left open mid-read leaves the connection busy: discard it rather than reuse it.
    client.release(healthy ? undefined : true);
  }
}

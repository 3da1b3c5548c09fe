import type pg from 'pg';
import QueryStream from 'pg-query-stream';
import { readableBatches } from '../shared/readable-batches.ts';
import type { SqlStreamOptions } from '../shared/sql-driver.ts';
import { SnapshotGoneError } from '../snapshot-gone-error.ts';
import type { Row } from '../value.ts';
import { postgresTypes } from './pg-types.ts';
import { assertSnapshotId } from './snapshots.ts';

/**
 * Streams one query through a server-side cursor (pg-query-stream) inside a read-only repeatable-
 * read transaction, importing the run's exported snapshot when given (`SnapshotGoneError` when
 * the source no longer has it). The cursor fetches `batchSize` rows at a time and only when the
 * consumer asks for more.
 */
export async function* streamPostgres(
  pool: pg.Pool,
  sql: string,
  params: readonly unknown[],
  options: SqlStreamOptions,
): AsyncGenerator<Row[]> {
  const client = await pool.connect();
  let healthy = false;
  /**
   * The connection lost while the client is checked out (the backend terminated, the server
   * restarted): pg emits it on the client, and the pool listens only to idle ones, so unheard it
   * is an uncaught error and the cursor waits forever. It ends the read with that error instead,
   * through the signal the batches are read under.
   */
  let failure: Error | undefined;
  // Not the stream's destroy: pg-query-stream closes its cursor first, and waits forever for a dead
  // server's answer.
  const connection = new AbortController();
  const lost = (error: Error) => {
    failure ??= error;
    connection.abort(error);
  };
  client.on('error', lost);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    if (options.snapshot !== undefined) {
      const id = assertSnapshotId(options.snapshot);
      await client.query(`SET TRANSACTION SNAPSHOT '${id}'`).catch((error: unknown) => {
        // 22023 invalid_parameter_value, "invalid snapshot identifier": its exporter has ended.
        if ((error as { code?: unknown }).code !== '22023') throw error;
        throw new SnapshotGoneError(`the source snapshot ${id} is no longer available`, { cause: error });
      });
    }
    const query = new QueryStream(sql, [...params], {
      batchSize: options.batchSize,
      highWaterMark: options.batchSize,
      rowMode: 'array',
      types: postgresTypes,
    });
    const stream = client.query(query);
    if (failure) throw failure;
    const signal = options.signal ? AbortSignal.any([options.signal, connection.signal]) : connection.signal;
    yield* readableBatches<Row>(stream, options.batchSize, signal, options.row);
    await client.query('COMMIT');
    healthy = true;
  } finally {
    client.off('error', lost);
    // A cursor left open mid-read leaves the connection busy: discard it rather than reuse it.
    client.release(healthy ? undefined : (failure ?? true));
  }
}

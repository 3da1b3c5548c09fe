import type { Pool, QueryOptions } from 'mysql2';
import { readableBatches } from '../shared/readable-batches.ts';
import type { SqlStreamOptions } from '../shared/sql-driver.ts';
import type { Row } from '../value.ts';
import { getConnection, poolQuery } from './pool-query.ts';
import { mysql2RefusesAny } from './refused-names.ts';

/**
 * Streams one query (mysql2 result streaming: the socket is paused while the consumer is busy)
 * inside its own `WITH CONSISTENT SNAPSHOT` read-only transaction. MySQL cannot share a snapshot
 * between connections, so each partition is consistent in itself, not with the others. With
 * `options.objectRows` mysql2 builds each row as an object keyed by the column names, converted in
 * place a batch at a time; otherwise as an array, turned into a row by `options.row` (always when a
 * column has a name mysql2's generated parser refuses, see `refused-names.ts`).
 */
export async function* streamMysql(
  pool: Pool,
  sql: string,
  params: readonly unknown[],
  options: SqlStreamOptions,
): AsyncGenerator<Row[]> {
  const connection = await getConnection(pool);
  let healthy = false;
  let lost: ((error: Error) => void) | undefined;
  try {
    await poolQuery(connection, 'START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
    // mysql2's generated parser refuses some names (`__proto__`): those reads build array rows with
    // its plain parser, mapped to the columns by position.
    const refused = mysql2RefusesAny(options.names);
    const objectRows = refused ? undefined : options.objectRows;
    const queryOptions: QueryOptions & { disableEval: boolean } = {
      sql,
      values: [...params],
      rowsAsArray: objectRows === undefined,
      disableEval: refused,
    };
    const query = connection.query(queryOptions);
    const stream = query.stream({ highWaterMark: options.batchSize });
    // mysql2 reports a fatal error of a query without a callback (the connection killed or lost,
    // its parser refusing a row) on the connection only, never on the query's stream: the read
    // would wait forever. Passed on to the stream, it ends the read with that error.
    lost = (error: Error) => stream.destroy(error);
    connection.on('error', lost);
    if (objectRows === undefined) {
      yield* readableBatches<Row>(stream, options.batchSize, options.signal, options.row);
    } else {
      for await (const batch of readableBatches<Record<string, unknown>>(
        stream,
        options.batchSize,
        options.signal,
      )) {
        objectRows(batch, false);
        yield batch as Row[];
      }
    }
    await poolQuery(connection, 'COMMIT');
    healthy = true;
  } finally {
    if (lost) connection.off('error', lost);
    // A result left half-read keeps the connection busy: close it rather than reuse it.
    if (healthy) connection.release();
    else connection.destroy();
  }
}

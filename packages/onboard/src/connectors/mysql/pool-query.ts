import type { FieldPacket, Pool, PoolConnection, QueryOptions } from 'mysql2';

/**
 * Promise wrappers over the callback API of mysql2 (whose streams the reader needs). A small query
 * (discover, a partition walk's bounds, a custom query's columns) may name any column, so its rows
 * are built by mysql2's plain parser (`disableEval`), which takes every name, `__proto__` too
 * (`refused-names.ts`); it reads values exactly as the generated one does.
 */
export function poolQuery(
  pool: Pool | PoolConnection,
  sql: string,
  params: readonly unknown[] = [],
): Promise<{ rows: unknown[][]; fields: FieldPacket[] }> {
  const options: QueryOptions & { disableEval: boolean } = {
    sql,
    values: [...params],
    rowsAsArray: true,
    disableEval: true,
  };
  return new Promise((resolve, reject) => {
    pool.query(options, (error, rows, fields) => {
      if (error) reject(error);
      else resolve({ rows: rows as unknown[][], fields: (fields ?? []) as FieldPacket[] });
    });
  });
}

export function getConnection(pool: Pool): Promise<PoolConnection> {
  return new Promise((resolve, reject) => {
    pool.getConnection((error, connection) => (error ? reject(error) : resolve(connection)));
  });
}

import type { FieldPacket, Pool, PoolConnection } from 'mysql2';

/** Promise wrappers over the callback API of mysql2 (whose streams the reader needs). */
export function poolQuery(
  pool: Pool | PoolConnection,
  sql: string,
  params: readonly unknown[] = [],
): Promise<{ rows: unknown[][]; fields: FieldPacket[] }> {
  return new Promise((resolve, reject) => {
    pool.query({ sql, values: [...params], rowsAsArray: true }, (error, rows, fields) => {
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

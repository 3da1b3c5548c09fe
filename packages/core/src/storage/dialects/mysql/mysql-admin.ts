import { type Connection, createConnection } from 'mysql2/promise';
import { noPadBinaryCollation } from './mysql-byte-exact-text.ts';

/** The URL of database `name` on the server at `serverUrl` (whose own path is ignored). */
export function mysqlLocate(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer(serverUrl: string, statement: (connection: Connection) => Promise<unknown>) {
  const url = new URL(serverUrl);
  url.pathname = '/';
  const connection = await createConnection({ uri: url.toString(), connectTimeout: 5000 });
  try {
    await statement(connection);
  } finally {
    await connection.end();
  }
}

/** `name` is validated by the caller to [a-z0-9_]. Text in it compares byte for byte, unpadded. */
export async function mysqlCreateDatabase(serverUrl: string, name: string): Promise<string> {
  await onServer(serverUrl, async (connection) => {
    const collation = await noPadBinaryCollation((statement) => connection.query(statement));
    await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE ${collation}`);
  });
  return mysqlLocate(serverUrl, name);
}

export async function mysqlDropDatabase(serverUrl: string, name: string): Promise<void> {
  await onServer(serverUrl, (connection) => connection.query(`DROP DATABASE IF EXISTS \`${name}\``));
}

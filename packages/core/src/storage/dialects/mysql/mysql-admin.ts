import { createConnection } from 'mysql2/promise';

/** The URL of database `name` on the server at `serverUrl` (whose own path is ignored). */
export function mysqlLocate(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const url = new URL(serverUrl);
  url.pathname = '/';
  const connection = await createConnection({ uri: url.toString(), connectTimeout: 5000 });
  try {
    await connection.query(statement);
  } finally {
    await connection.end();
  }
}

/** `name` is validated by the caller to [a-z0-9_]. */
export async function mysqlCreateDatabase(serverUrl: string, name: string): Promise<string> {
  await onServer(serverUrl, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  return mysqlLocate(serverUrl, name);
}

export async function mysqlDropDatabase(serverUrl: string, name: string): Promise<void> {
  await onServer(serverUrl, `DROP DATABASE IF EXISTS \`${name}\``);
}

import pg from 'pg';

/** The URL of database `name` on the server at `serverUrl` (whose own path is ignored). */
export function postgresLocate(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onMaintenance(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresLocate(serverUrl, 'postgres') });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** `name` is validated by the caller to [a-z0-9_]. */
export async function postgresCreateDatabase(serverUrl: string, name: string): Promise<string> {
  await onMaintenance(serverUrl, `CREATE DATABASE "${name}" ENCODING 'UTF8'`);
  return postgresLocate(serverUrl, name);
}

export async function postgresDropDatabase(serverUrl: string, name: string): Promise<void> {
  await onMaintenance(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

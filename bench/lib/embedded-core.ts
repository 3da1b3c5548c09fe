import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningCore, startCore } from '@madeup/core';
import { MYSQL, mysqlAdmin, POSTGRES, postgresAdmin, uniqueName } from '@madeup/testkit';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { onInterrupt } from './bench-database.ts';

/** A core running in the benchmark process, whose tenants live in uniquely named databases. */
export interface BenchCore {
  readonly core: RunningCore;
  /** Tenant databases on the servers start with this; every one is dropped afterwards. */
  readonly databasePrefix: string;
  /** The URL of a tenant's database on a server, found by its name prefix. */
  tenantDatabaseUrl(dialect: 'postgres' | 'mysql', tenantId: string): Promise<string>;
}

/** The databases on a server whose names start with `prefix`. */
export async function databasesWithPrefix(dialect: 'postgres' | 'mysql', prefix: string): Promise<string[]> {
  if (dialect === 'postgres') {
    const client = new pg.Client({ connectionString: `${POSTGRES.url}/postgres` });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
        [prefix],
      );
      return rows.map((r) => r.datname);
    } finally {
      await client.end();
    }
  }
  const connection = await mysql.createConnection({ uri: MYSQL.url });
  try {
    const [rows] = await connection.query('SELECT schema_name AS name FROM information_schema.schemata');
    return (rows as { name: string }[]).map((r) => r.name).filter((name) => name.startsWith(prefix));
  } finally {
    await connection.end();
  }
}

/**
 * Starts core embedded (catalog in a temporary folder, logs at `warn` on stderr so stdout stays
 * the benchmark's), able to create tenants on the test servers, and gives it to `work`. Afterwards
 * it stops core and drops every tenant database it created and the folder.
 */
export async function withCore<T>(work: (bench: BenchCore) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), 'madeup-bench-core-'));
  const databasePrefix = `${uniqueName('bench')}_`;
  const core = await startCore({
    dataDir,
    servers: { postgres: POSTGRES.url, mysql: MYSQL.url },
    databasePrefix,
    logLevel: 'warn',
    logDestination: process.stderr,
  });
  const dropTenants = async () => {
    for (const name of await databasesWithPrefix('postgres', databasePrefix)) {
      await postgresAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
    for (const name of await databasesWithPrefix('mysql', databasePrefix)) {
      await mysqlAdmin(`DROP DATABASE IF EXISTS \`${name}\``);
    }
  };
  const unregister = onInterrupt(async () => {
    await core.close().catch(() => {});
    await dropTenants();
  });
  try {
    return await work({
      core,
      databasePrefix,
      async tenantDatabaseUrl(dialect, tenantId) {
        const wanted = tenantId.replace(/-/g, '_');
        const names = await databasesWithPrefix(dialect, databasePrefix);
        const name = names.find((n) => n.endsWith(wanted));
        if (name === undefined) throw new Error(`no ${dialect} database found for tenant ${tenantId}`);
        return `${dialect === 'postgres' ? POSTGRES.url : MYSQL.url}/${name}`;
      },
    });
  } finally {
    unregister();
    await core.close();
    await dropTenants();
    await rm(dataDir, { recursive: true, force: true });
  }
}

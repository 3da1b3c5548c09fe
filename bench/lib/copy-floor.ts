import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { withDatabase } from './bench-database.ts';

const run = promisify(execFile);

/** The COPY floor of a PostgreSQL database's rows. */
export interface CopyFloor {
  /** Rows in the database's tables (every schema but the system ones). */
  readonly rows: number;
  /** Wall time of `pg_restore -a --disable-triggers` of them into an empty copy of the schema. */
  readonly seconds: number;
}

/**
 * What PostgreSQL alone needs to write the rows of database `url` into its own schema: the rows as
 * a data-only dump (`pg_dump -Fc -a`), restored with `pg_restore -a --disable-triggers` (COPY, every
 * index maintained, no foreign-key checks) into a fresh database holding an empty copy of the
 * schema (`pg_dump -s`, restored untimed). Only the data restore is timed. The fresh database and
 * the dump files are dropped afterwards.
 */
export async function copyFloor(url: string): Promise<CopyFloor> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-copy-floor-'));
  try {
    const data = join(dir, 'data.dump');
    const schema = join(dir, 'schema.dump');
    await run('pg_dump', ['-Fc', '-a', '-f', data, '-d', url]);
    await run('pg_dump', ['-Fc', '-s', '-f', schema, '-d', url]);
    const rows = await countRows(url);
    return await withDatabase('postgres', 'floor', async (empty) => {
      await run('pg_restore', ['-s', '--exit-on-error', '-d', empty.url, schema]);
      const started = performance.now();
      await run('pg_restore', ['-a', '--disable-triggers', '--exit-on-error', '-d', empty.url, data]);
      const seconds = (performance.now() - started) / 1000;
      const restored = await countRows(empty.url);
      if (restored !== rows) throw new Error(`COPY floor: restored ${restored} rows of ${rows}`);
      return { rows, seconds };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Exact row count over every table outside the system schemas. */
async function countRows(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    let total = 0;
    for (const { name } of tables) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${name}`);
      total += Number(rows[0]?.n ?? 0);
    }
    return total;
  } finally {
    await client.end();
  }
}

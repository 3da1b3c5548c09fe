import pg from 'pg';
import type { Rate } from './rate-timer.ts';
import { startTimer } from './rate-timer.ts';

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The physical limit of writing rows into a PostgreSQL database's tables from this machine: for
 * every non-empty table (migration bookkeeping aside), an empty twin `LIKE … INCLUDING ALL` (same
 * columns, defaults, indexes and unique keys) plus the table's foreign keys (to the tenant's own
 * parent tables, which hold the same ids) is filled with the table's rows, read in batches of
 * `batchRows` through one connection and written as multi-row inserts through another. Only the
 * copying is timed; the twins are dropped afterwards.
 */
export async function postgresDirectCopy(url: string, batchRows = 5000): Promise<Rate & { tables: number }> {
  const reader = new pg.Client({ connectionString: url });
  const writer = new pg.Client({ connectionString: url });
  await reader.connect();
  await writer.connect();
  const twins: string[] = [];
  try {
    const { rows: tables } = await reader.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'kysely%'
        ORDER BY table_name`,
    );
    const copies: { table: string; twin: string }[] = [];
    for (const { name } of tables) {
      const { rows } = await reader.query(`SELECT 1 FROM ${q(name)} LIMIT 1`);
      if (rows.length === 0) continue;
      const twin = `${name}__direct_copy`;
      await writer.query(`DROP TABLE IF EXISTS ${q(twin)}`);
      await writer.query(`CREATE TABLE ${q(twin)} (LIKE ${q(name)} INCLUDING ALL)`);
      // LIKE copies no foreign keys: add the table's own, still pointing at the tenant's parent
      // tables (which hold the same ids), so every row pays the same reference checks.
      const { rows: foreignKeys } = await reader.query<{ name: string; definition: string }>(
        `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
          WHERE conrelid = $1::regclass AND contype = 'f' ORDER BY conname`,
        [q(name)],
      );
      for (const fk of foreignKeys)
        await writer.query(
          `ALTER TABLE ${q(twin)} ADD CONSTRAINT ${q(`${fk.name}__direct`)} ${fk.definition}`,
        );
      twins.push(twin);
      copies.push({ table: name, twin });
    }
    let count = 0;
    const timer = startTimer();
    for (const { table, twin } of copies) {
      await reader.query('BEGIN');
      await reader.query(
        `DECLARE direct_copy NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM ${q(table)} t`,
      );
      for (;;) {
        const { rows } = await reader.query<{ j: string }>(`FETCH ${batchRows} FROM direct_copy`);
        if (rows.length === 0) break;
        await writer.query(
          `INSERT INTO ${q(twin)} SELECT * FROM json_populate_recordset(NULL::${q(twin)}, $1::json)`,
          [`[${rows.map((r) => r.j).join(',')}]`],
        );
        count += rows.length;
      }
      await reader.query('COMMIT');
    }
    return { ...timer.stop(count), tables: copies.length };
  } finally {
    for (const twin of twins) await writer.query(`DROP TABLE IF EXISTS ${q(twin)}`).catch(() => {});
    await reader.end();
    await writer.end();
  }
}

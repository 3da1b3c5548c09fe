import Database from 'better-sqlite3';
import { generateVendorX } from '../../pipeline/pipeline-support.ts';

/**
 * Writes a Vendor X database of `rows` rows whose table `table` has lost its primary key: that
 * stream is read as one partition, which a new attempt replays from its start (docs/running.md),
 * while every other stream is cut into keyed partitions that continue from their checkpoints.
 */
export async function generateWithKeylessTable(file: string, rows: number, table: string): Promise<void> {
  await generateVendorX(file, rows);
  const db = new Database(file);
  try {
    const row = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as
      | { sql: string }
      | undefined;
    if (row === undefined) throw new Error(`Vendor X has no table ${table}`);
    const keyless = row.sql.replace(' PRIMARY KEY', '').replace(`"${table}"`, `"${table}_keyless"`);
    if (keyless === row.sql || keyless.includes('PRIMARY KEY'))
      throw new Error(`cannot drop the primary key of ${table}: ${row.sql}`);
    db.transaction(() => {
      db.exec(keyless);
      db.exec(`INSERT INTO "${table}_keyless" SELECT * FROM "${table}" ORDER BY 1`);
      db.exec(`DROP TABLE "${table}"`);
      db.exec(`ALTER TABLE "${table}_keyless" RENAME TO "${table}"`);
    })();
  } finally {
    db.close();
  }
}

import { sql } from 'kysely';
import type { Db } from '../../dynamic-database.ts';

/** Rows this process wrote into a table, and the count at which it analyzes the table next. */
interface TableGrowth {
  written: number;
  nextAnalyzeAt: number;
  running: boolean;
}

const FIRST_ANALYZE_AT = 500;
/** Rows written between two analyzes grow by this factor: a few per table, however large. */
const GROWTH = 4;
/**
 * Statistics target of these analyzes (PostgreSQL samples 300 rows per unit: 3,000 rows, not the
 * default 30,000). The plans they steer only need to see that one source holds most rows and that
 * external ids are unique; a tenth of the sample tells that as well, at a tenth of the cost
 * (autovacuum's later analyzes still use the server's default).
 */
const SAMPLE_TARGET = 10;
const growthByDb = new WeakMap<Db, Map<string, TableGrowth>>();

/**
 * Keeps the planner's statistics of tables an import is filling up to date. A tenant's tables are
 * created empty and autovacuum analyzes them a minute or more later; until then PostgreSQL guesses
 * that `source = $1` matches 0.5% of the rows (it matches all of them) and reads every row of the
 * source through the index to find a batch's 1000 keys: a cost that grows with the table, so an
 * import slows down quadratically. Analyzing after the first rows and then each time the rows this
 * process wrote grew fourfold costs a few `ANALYZE`s per table, of the key columns only (`columns`:
 * those lookups filter on), each sampling at most 3,000 rows (`SAMPLE_TARGET`).
 */
export async function refreshPostgresStatistics(
  db: Db,
  table: string,
  columns: readonly string[],
  rowsWritten: number,
): Promise<void> {
  if (rowsWritten <= 0) return;
  let tables = growthByDb.get(db);
  if (tables === undefined) {
    tables = new Map();
    growthByDb.set(db, tables);
  }
  let growth = tables.get(table);
  if (growth === undefined) {
    growth = { written: 0, nextAnalyzeAt: FIRST_ANALYZE_AT, running: false };
    tables.set(table, growth);
  }
  growth.written += rowsWritten;
  if (growth.running || growth.written < growth.nextAnalyzeAt) return;
  growth.running = true;
  growth.nextAnalyzeAt = growth.written * GROWTH;
  try {
    const list = columns.length === 0 ? sql`` : sql` (${sql.join(columns.map((c) => sql.ref(c)))})`;
    await db.transaction().execute(async (trx) => {
      await sql`SET LOCAL default_statistics_target = ${sql.lit(SAMPLE_TARGET)}`.execute(trx);
      await sql`ANALYZE ${sql.table(table)}${list}`.execute(trx);
    });
  } catch {
    // Best effort: statistics only steer plans; autovacuum analyzes the table later anyway.
  } finally {
    growth.running = false;
  }
}

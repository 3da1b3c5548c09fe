import { type CompiledQuery, type RawBuilder, sql } from 'kysely';
import type { Queryable, Row } from './dynamic-database.ts';
import type { PendingReference } from './storage-dialect.ts';

/**
 * `StorageDialect.pendingAmong` in one statement: a single-row probe per child reference for a
 * pending row of `source` (null id, parent external id set), each answered from that reference's
 * pending-reference index (`indexHint`, written after the table name, forces it where the planner
 * might not pick it). Usually none is pending (a first load writes parents before children), and
 * then no `resolvePending` is sent at all: its list of up to 1000 parent ids costs binding,
 * parsing or planning even when there is nothing to update, and a statement per child costs a
 * round trip (or, on SQLite, a turn of the event loop).
 */
export async function pendingAmong(
  db: Queryable,
  source: string,
  refs: readonly PendingReference[],
  indexHint: (ref: PendingReference) => RawBuilder<unknown> = () => sql``,
): Promise<boolean[]> {
  if (refs.length === 0) return [];
  const { rows } = await db.executeQuery<Row>(pendingAmongQuery(db, source, refs, indexHint));
  return pendingFlags(rows[0], refs.length);
}

/** The statement `pendingAmong` runs (`refs` not empty), to send with others (`StorageDialect.readTogether`). */
export function pendingAmongQuery(
  db: Queryable,
  source: string,
  refs: readonly PendingReference[],
  indexHint: (ref: PendingReference) => RawBuilder<unknown> = () => sql``,
): CompiledQuery {
  const probes = refs.map(
    (r, i) => sql`(SELECT 1 FROM ${sql.table(r.childTable)} ${indexHint(r)}
      WHERE source = ${source} AND ${sql.ref(r.idColumn)} IS NULL AND ${sql.ref(r.xidColumn)} IS NOT NULL
      LIMIT 1) AS ${sql.ref(`p${i}`)}`,
  );
  return sql`SELECT ${sql.join(probes)}`.compile(db);
}

/** The answer of `pendingAmongQuery`'s one row: for each of the `count` references, whether it has a pending row. */
export function pendingFlags(row: Row | undefined, count: number): boolean[] {
  const flags: boolean[] = [];
  for (let i = 0; i < count; i++) flags.push(row?.[`p${i}`] !== null && row?.[`p${i}`] !== undefined);
  return flags;
}

import { type RawBuilder, sql } from 'kysely';
import type { Queryable } from './dynamic-database.ts';
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
  const probes = refs.map(
    (r, i) => sql`(SELECT 1 FROM ${sql.table(r.childTable)} ${indexHint(r)}
      WHERE source = ${source} AND ${sql.ref(r.idColumn)} IS NULL AND ${sql.ref(r.xidColumn)} IS NOT NULL
      LIMIT 1) AS ${sql.ref(`p${i}`)}`,
  );
  const { rows } = await sql<Record<string, unknown>>`SELECT ${sql.join(probes)}`.execute(db);
  const row = rows[0] ?? {};
  return refs.map((_, i) => row[`p${i}`] !== null && row[`p${i}`] !== undefined);
}

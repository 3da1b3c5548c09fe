import { sql } from 'kysely';
import type { Model } from '../../../model/model.ts';
import type { Db, Queryable } from '../../dynamic-database.ts';
import { pendingAmong } from '../../pending-among.ts';
import type { PendingReference, PendingResolution } from '../../storage-dialect.ts';

/**
 * MySQL/MariaDB have no partial indexes, so pending references cannot have an index of their own
 * (see lean-reference-indexes.ts). The next best thing: each `(source, <ref>_xid)` index becomes
 * `(source, <ref>_id, <ref>_xid)`. A pending reference has a null id, so the pending references of
 * a source sit together at the front of their index, ordered by parent external id:
 * `resolvePending` seeks `source = ? AND <ref>_id IS NULL AND <ref>_xid IN (...)` there and touches
 * only pending rows (before, it probed the parent table for every written parent and then the
 * children of each, resolved or not), and `GET /v1/unresolved` reads the same range. One
 * `ALTER TABLE` per index, so the index is never missing (MySQL's DDL is not transactional).
 */
export async function mysqlIndexPendingReferences(db: Db, model: Model): Promise<void> {
  for (const entity of model.entities)
    for (const ref of entity.refs) {
      const name = `${entity.table}_${ref.xidColumn}`;
      await sql`ALTER TABLE ${sql.table(entity.table)} DROP INDEX ${sql.ref(name)},
        ADD INDEX ${sql.ref(name)} (${sql.ref('source')}, ${sql.ref(ref.idColumn)}, ${sql.ref(ref.xidColumn)})`.execute(
        db,
      );
    }
}

/** `StorageDialect.pendingAmong` on MySQL/MariaDB: each probe in the pending front of its index. */
export function mysqlPendingAmong(
  db: Queryable,
  source: string,
  refs: readonly PendingReference[],
): Promise<boolean[]> {
  return pendingAmong(db, source, refs, (r) => sql`FORCE INDEX (${indexOf(r)})`);
}

/**
 * `StorageDialect.resolvePending` on MySQL/MariaDB: the children first (STRAIGHT_JOIN, FORCE INDEX:
 * with a long IN list the optimizer falls back to index statistics, which for a fast-growing table
 * can make a full scan look cheaper), a seek per parent id into the pending front of their index,
 * then one unique-key probe of the parent per pending row found.
 */
export async function mysqlResolvePending(db: Queryable, s: PendingResolution): Promise<number> {
  const id = sql.ref(s.idColumn);
  const xid = sql.ref(s.xidColumn);
  const result = await sql`
    UPDATE ${sql.table(s.childTable)} AS c FORCE INDEX (${indexOf(s)})
    STRAIGHT_JOIN ${sql.table(s.parentTable)} AS p ON p.source = c.source AND p.external_id = c.${xid}
    SET c.${id} = p.id
    WHERE c.source = ${s.source} AND c.${id} IS NULL AND c.${xid} IN (${sql.join(s.parentXids)})`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** The name `createEntityTable` gives a reference's index. */
const indexOf = (r: PendingReference) => sql.ref(`${r.childTable}_${r.xidColumn}`);

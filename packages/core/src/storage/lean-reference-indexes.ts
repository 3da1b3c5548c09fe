import { sql } from 'kysely';
import type { Model } from '../model/model.ts';
import type { Db } from './dynamic-database.ts';
import type { StorageDialect } from './storage-dialect.ts';

/**
 * Makes writing a referencing row cheap, keeping every reference exact:
 *
 * - The foreign key of each reference is dropped where it can be (PostgreSQL, MySQL/MariaDB; SQLite
 *   keeps its inline ones, whose checks are plain index probes). Core writes a parent id only as
 *   read from the parent's table in the same transaction (`selectIds`, `resolvePending`) or, taken
 *   from the reference cache, as read or written in an earlier committed one on the same database
 *   under the same epoch (`import/reference-cache.ts`), entity rows
 *   are never deleted (deletes are soft) and ids never reused, so the key never refused anything;
 *   but PostgreSQL checked it per row with `SELECT ... FOR KEY SHARE` of the parent, locking (and so
 *   writing) the parent's row for every child: two thirds of the time of inserting invoice lines.
 * - The `(source, <ref>_xid)` index, which only pending-reference resolution and `GET
 *   /v1/unresolved` read, becomes partial (`WHERE <ref>_id IS NULL AND <ref>_xid IS NOT NULL`)
 *   where the dialect has partial indexes: it then holds only pending references, so a row whose
 *   references resolved on insert costs no entry in it.
 */
export async function leanReferenceIndexes(db: Db, dialect: StorageDialect, model: Model): Promise<void> {
  for (const entity of model.entities)
    for (const ref of entity.refs) {
      if (!dialect.foreignKeysInline)
        await dialect.dropForeignKey(db, entity.table, `${entity.table}_${ref.idColumn}_fk`);
      if (!dialect.partialIndexes) continue;
      const name = `${entity.table}_${ref.xidColumn}`;
      await db.schema.dropIndex(name).ifExists().execute();
      await db.schema
        .createIndex(name)
        .on(entity.table)
        .columns(['source', ref.xidColumn])
        .where(sql.ref(ref.idColumn), 'is', null)
        .where(sql.ref(ref.xidColumn), 'is not', null)
        .execute();
    }
}

import { sql } from 'kysely';
import type { ColumnType } from '../../column-type.ts';
import { errorCode } from '../../network-errors.ts';
import { pendingAmong } from '../../pending-among.ts';
import { standardSyntax } from '../../sql-syntax.ts';
import type { StorageDialect } from '../../storage-dialect.ts';
import { sqliteCreateDatabase, sqliteDropDatabase, sqliteLocate } from './sqlite-admin.ts';
import { sqliteInsertNewRows } from './sqlite-insert-new-rows.ts';
import { openSqlite } from './sqlite-pool.ts';
import { sqliteSnapshotRead } from './sqlite-snapshot-read.ts';
import { sqliteWriteTransaction } from './sqlite-write-transaction.ts';

function columnType(type: ColumnType) {
  switch (type.kind) {
    case 'id':
      return 'integer' as const;
    case 'bigint':
    case 'boolean':
      return 'integer' as const;
    // Decimals, timestamps and dates stay canonical text: exact, and ordered as text.
    default:
      return 'text' as const;
  }
}

export const sqliteStorage: StorageDialect = {
  name: 'sqlite',
  columnType,
  open: (path) => openSqlite(path),
  createDatabase: sqliteCreateDatabase,
  dropDatabase: sqliteDropDatabase,
  locate: sqliteLocate,
  foreignKeysInline: true,
  // Never asked: inline keys cannot be dropped from an existing SQLite table (and cost an index probe).
  dropForeignKey: async () => {},
  partialIndexes: true,
  // A failed INSERT rolls back only itself (the transaction is then rolled back by the caller), and
  // the read it saves is a probe per key into the (source, external_id) index that the INSERT repeats.
  insertBeforeRead: true,
  syntax: standardSyntax(false, false),
  writeTransaction: sqliteWriteTransaction,
  snapshotRead: sqliteSnapshotRead,
  insertNewRows: sqliteInsertNewRows,
  async resolvePending(db, s) {
    const result = await sql`
      UPDATE ${sql.table(s.childTable)} AS c SET ${sql.ref(s.idColumn)} = p.id
      FROM ${sql.table(s.parentTable)} AS p
      WHERE c.source = ${s.source} AND c.${sql.ref(s.idColumn)} IS NULL AND c.${sql.ref(s.xidColumn)} IS NOT NULL
        AND c.${sql.ref(s.xidColumn)} IN (${sql.join(s.parentXids)})
        AND p.source = c.source AND p.external_id = c.${sql.ref(s.xidColumn)}`.execute(db);
    return Number(result.numAffectedRows ?? 0n);
  },
  // The probes read the partial pending-reference indexes; a probe is cheaper than binding and
  // running an UPDATE over up to 1000 parent ids.
  pendingAmong,
  async columnExists(db, table, column) {
    const found = await sql`SELECT 1 FROM pragma_table_info(${table}) WHERE name = ${column}`.execute(db);
    return found.rows.length > 0;
  },
  classifyError(error) {
    const code = errorCode(error);
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return 'retry';
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
      return 'unique_violation';
    if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_IOERR') return 'unavailable';
    return undefined;
  },
};

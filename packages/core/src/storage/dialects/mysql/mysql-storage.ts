import { sql } from 'kysely';
import type { ColumnType } from '../../column-type.ts';
import { errorCode, isNetworkError } from '../../network-errors.ts';
import { mysqlSyntax } from '../../sql-syntax.ts';
import type { StorageDialect } from '../../storage-dialect.ts';
import { mysqlCreateDatabase, mysqlDropDatabase, mysqlLocate } from './mysql-admin.ts';
import { mysqlMakeTextByteExact } from './mysql-byte-exact-text.ts';
import { mysqlConsecutiveInsertIds } from './mysql-insert-ids.ts';
import { mysqlLiteralRows } from './mysql-literal-rows.ts';
import {
  mysqlIndexPendingReferences,
  mysqlPendingAmong,
  mysqlResolvePending,
} from './mysql-pending-index.ts';
import { openMysql } from './mysql-pool.ts';

function columnType(type: ColumnType) {
  switch (type.kind) {
    case 'id':
      return sql`bigint auto_increment`;
    case 'varchar':
      return sql`varchar(${sql.lit(type.length)})`;
    case 'text':
      return sql`longtext`;
    case 'decimal':
      return sql`decimal(${sql.lit(type.precision)}, ${sql.lit(type.scale)})`;
    case 'bigint':
      return 'bigint' as const;
    case 'boolean':
      return 'boolean' as const;
    case 'timestamp':
      return sql`datetime(6)`;
    case 'date':
      return 'date' as const;
    case 'json':
      return sql`longtext`;
  }
}

/** Settles when `statement` succeeded or failed because its key or index does not exist (error 1091). */
async function ignoreMissingKey(statement: Promise<unknown>): Promise<void> {
  try {
    await statement;
  } catch (error) {
    if (errorCode(error) !== 'ER_CANT_DROP_FIELD_OR_KEY') throw error;
  }
}

const RETRY = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
const UNAVAILABLE = new Set(['ER_CON_COUNT_ERROR', 'ER_SERVER_SHUTDOWN', 'ER_BAD_DB_ERROR']);

export const mysqlStorage: StorageDialect = {
  name: 'mysql',
  columnType,
  open: openMysql,
  createDatabase: mysqlCreateDatabase,
  dropDatabase: mysqlDropDatabase,
  locate: mysqlLocate,
  foreignKeysInline: false,
  async dropForeignKey(db, table, constraint) {
    // MySQL had to index the key's column for it (an index named like the key): drop that too.
    await ignoreMissingKey(
      sql`ALTER TABLE ${sql.table(table)} DROP FOREIGN KEY ${sql.ref(constraint)}`.execute(db),
    );
    await ignoreMissingKey(
      sql`ALTER TABLE ${sql.table(table)} DROP INDEX ${sql.ref(constraint)}`.execute(db),
    );
  },
  partialIndexes: false,
  indexPendingReferences: mysqlIndexPendingReferences,
  syntax: { ...mysqlSyntax, literalRows: mysqlLiteralRows },
  consecutiveInsertIds: mysqlConsecutiveInsertIds,
  // A first load's batches skip the locking read of their keys: the failed INSERT of a stored key
  // (ER_DUP_ENTRY) rolls back with the transaction, and the connection stays usable.
  insertBeforeRead: true,
  writeTransaction: (db, fn) => db.transaction().execute(fn),
  snapshotRead: (db, fn) => db.transaction().setIsolationLevel('repeatable read').execute(fn),
  resolvePending: mysqlResolvePending,
  pendingAmong: mysqlPendingAmong,
  makeTextByteExact: mysqlMakeTextByteExact,
  // By selecting it, not through information_schema (see mysql-byte-exact-text.ts).
  async columnExists(db, table, column) {
    try {
      await sql`SELECT ${sql.ref(column)} FROM ${sql.table(table)} LIMIT 0`.execute(db);
      return true;
    } catch (error) {
      if (errorCode(error) === 'ER_BAD_FIELD_ERROR') return false;
      throw error;
    }
  },
  classifyError(error) {
    const code = errorCode(error);
    if (code !== undefined && RETRY.has(code)) return 'retry';
    if (code === 'ER_DUP_ENTRY') return 'unique_violation';
    if (isNetworkError(error) || (code !== undefined && UNAVAILABLE.has(code))) return 'unavailable';
    return undefined;
  },
};

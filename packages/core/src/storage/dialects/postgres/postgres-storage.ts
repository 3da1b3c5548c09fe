import { sql } from 'kysely';
import type { ColumnType } from '../../column-type.ts';
import { errorCode, isNetworkError } from '../../network-errors.ts';
import { pendingAmong } from '../../pending-among.ts';
import { standardSyntax } from '../../sql-syntax.ts';
import type { StorageDialect } from '../../storage-dialect.ts';
import { postgresCreateDatabase, postgresDropDatabase, postgresLocate } from './postgres-admin.ts';
import { postgresArrayLiteral } from './postgres-array-literal.ts';
import { postgresCopyRows } from './postgres-copy.ts';
import { openPostgres } from './postgres-pool.ts';
import { postgresSourceChecksum } from './postgres-source-checksum.ts';
import { refreshPostgresStatistics } from './postgres-statistics.ts';
import { postgresWriteTransaction } from './postgres-write-transaction.ts';

function columnType(type: ColumnType) {
  switch (type.kind) {
    case 'id':
      return 'bigserial' as const;
    case 'varchar':
      return sql`varchar(${sql.lit(type.length)})`;
    case 'text':
      return 'text' as const;
    case 'decimal':
      return sql`numeric(${sql.lit(type.precision)}, ${sql.lit(type.scale)})`;
    case 'bigint':
      return 'bigint' as const;
    case 'boolean':
      return 'boolean' as const;
    case 'timestamp':
      return sql`timestamptz(6)`;
    case 'date':
      return 'date' as const;
    case 'json':
      return 'jsonb' as const;
  }
}

/** Element type of a column's array parameter (text for every string; the column casts on insert). */
function arrayElementType(type: ColumnType): string {
  switch (type.kind) {
    case 'id':
    case 'bigint':
      return 'bigint';
    case 'decimal':
      return 'numeric';
    case 'boolean':
      return 'boolean';
    case 'timestamp':
      return 'timestamptz';
    case 'date':
      return 'date';
    case 'json':
      return 'jsonb';
    default:
      return 'text';
  }
}

export const postgresStorage: StorageDialect = {
  name: 'postgres',
  columnType,
  open: openPostgres,
  createDatabase: postgresCreateDatabase,
  dropDatabase: postgresDropDatabase,
  locate: postgresLocate,
  foreignKeysInline: false,
  async dropForeignKey(db, table, constraint) {
    await sql`ALTER TABLE ${sql.table(table)} DROP CONSTRAINT IF EXISTS ${sql.ref(constraint)}`.execute(db);
  },
  partialIndexes: true,
  syntax: standardSyntax(true, true, { elementType: arrayElementType, literal: postgresArrayLiteral }),
  writeTransaction: postgresWriteTransaction,
  snapshotRead: (db, fn) => db.transaction().setIsolationLevel('repeatable read').execute(fn),
  insertNewRows: postgresCopyRows,
  insertBeforeRead: true,
  sourceChecksum: postgresSourceChecksum,
  refreshStatistics: refreshPostgresStatistics,
  // Answered from each reference's partial pending index (empty when nothing waits).
  pendingAmong,
  async resolvePending(db, s) {
    const result = await sql`
      UPDATE ${sql.table(s.childTable)} AS c SET ${sql.ref(s.idColumn)} = p.id
      FROM ${sql.table(s.parentTable)} AS p
      WHERE c.source = ${s.source} AND c.${sql.ref(s.idColumn)} IS NULL AND c.${sql.ref(s.xidColumn)} IS NOT NULL
        AND c.${sql.ref(s.xidColumn)} = ANY(${postgresArrayLiteral(s.parentXids)}::text[])
        AND p.source = c.source AND p.external_id = c.${sql.ref(s.xidColumn)}`.execute(db);
    return Number(result.numAffectedRows ?? 0n);
  },
  async columnExists(db, table, column) {
    const found = await sql`
      SELECT 1 FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ${table} AND column_name = ${column}`.execute(
      db,
    );
    return found.rows.length > 0;
  },
  classifyError(error) {
    const code = errorCode(error);
    if (code === '40P01' || code === '40001') return 'retry';
    if (code === '23505') return 'unique_violation';
    if (isNetworkError(error) || code === '57P01' || code === '57P03' || code === '53300')
      return 'unavailable';
    return undefined;
  },
};

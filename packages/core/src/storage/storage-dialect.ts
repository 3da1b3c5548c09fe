import type { TenantDialect } from '@madeup/contract';
import type { ColumnDataType, Expression, RawBuilder } from 'kysely';
import type { Model } from '../model/model.ts';
import type { InsertTarget } from './bulk-sql.ts';
import type { ColumnType } from './column-type.ts';
import type { Db, Queryable, Trx } from './dynamic-database.ts';
import type { SqlSyntax } from './sql-syntax.ts';

/** Connection limits for one database. */
export interface PoolOptions {
  /** Most connections held open. */
  readonly max: number;
  /** Close a connection unused this long. */
  readonly idleMs: number;
}

/** How a failed statement should be handled. */
export type ErrorClass = 'retry' | 'unavailable' | 'unique_violation' | undefined;

/** Everything core does differently per database technology. */
export interface StorageDialect {
  readonly name: TenantDialect;
  /** The SQL type of a column. */
  columnType(type: ColumnType): ColumnDataType | Expression<unknown> | RawBuilder<unknown>;
  /** Opens a pool on a database, given by URL (server dialects) or file path (SQLite). */
  open(location: string, pool: PoolOptions): Db;
  /** Creates a database `name` on the server at `serverUrl` and returns its location (URL or path). */
  createDatabase(serverUrl: string, name: string): Promise<string>;
  /** Drops a database created by `createDatabase`; no error when it is gone. */
  dropDatabase(serverUrl: string, name: string): Promise<void>;
  /** The location of an existing database `name` on the server at `serverUrl`. */
  locate(serverUrl: string, name: string): string;
  /** Foreign keys must be declared inside CREATE TABLE (no ALTER TABLE ADD CONSTRAINT). */
  readonly foreignKeysInline: boolean;
  /** Drops the foreign key `constraint` of `table` (and any index it brought), if it exists. */
  dropForeignKey(db: Db, table: string, constraint: string): Promise<void>;
  /** `CREATE INDEX ... WHERE` exists. */
  readonly partialIndexes: boolean;
  /**
   * Without partial indexes: re-keys each reference's `(source, xid)` index so pending references
   * (null id) sit at its front, where `resolvePending` seeks them (a tenant migration).
   */
  indexPendingReferences?(db: Db, model: Model): Promise<void>;
  /** Runs `fn` in a transaction that may write; the caller retries on `retry` errors. */
  writeTransaction<T>(db: Db, fn: (trx: Trx) => Promise<T>): Promise<T>;
  /**
   * Runs `fn`'s reads in one transaction that sees one snapshot (REPEATABLE READ), where plain
   * statements would each see the data committed when it starts (READ COMMITTED): a dry run reads
   * the stored records and then their parents, and read apart it could see a parent committed
   * after a record it did not see, an answer no serial order of the writes gives.
   */
  snapshotRead<T>(db: Db, fn: (trx: Trx) => Promise<T>): Promise<T>;
  /**
   * For dialects without `INSERT ... RETURNING`: the step between the ids one multi-row INSERT
   * generates when they are consecutive in row order (so they follow from the first), else
   * undefined. Asked once per pool.
   */
  consecutiveInsertIds?(db: Db): Promise<number | undefined>;
  /**
   * A faster way than a multi-row INSERT to write new rows (PostgreSQL: COPY): inserts `rows`
   * (values in the order of `target.columns`) failing like a plain INSERT on a key a concurrent
   * batch took, and returns their generated ids in row order. Undefined when `db` is not a
   * transaction of `writeTransaction` (the caller then INSERTs). `withIds`, when given, is called
   * with the ids before the rows are written, and may still change `rows` (ids of references to
   * rows of the same call).
   */
  insertNewRows?(
    db: Queryable,
    target: InsertTarget,
    rows: readonly (readonly unknown[])[],
    withIds?: (ids: readonly string[]) => void,
  ): Promise<readonly string[] | undefined>;
  /**
   * Batches that look like part of a first load (the last batch of that entity and source found
   * no stored record) are inserted without reading the stored records first; a unique violation
   * rolls the attempt back and the batch goes the usual way (`importBatch`). For dialects where
   * that read costs more than a failed insert now and then, and the failed insert leaves the
   * connection usable (PostgreSQL, MySQL/MariaDB, SQLite: the read is an index probe per key that
   * the insert repeats).
   */
  readonly insertBeforeRead?: boolean;
  /** Spelling of the statements core writes as text (bulk inserts, keyed selects). */
  readonly syntax: SqlSyntax;
  /**
   * Sets `child.idColumn` to the parent's id where it is null and `child.xidColumn` names a parent
   * (same source) among `parentXids`: one statement for the whole set.
   */
  resolvePending(db: Queryable, spec: PendingResolution): Promise<number>;
  /**
   * Optional: for each child reference, whether any of its rows in `source` is pending (null id,
   * parent external id set), in one statement; `resolvePending` is then sent only for those. For
   * dialects where an UPDATE that finds nothing still costs (no partial index, or a round trip).
   */
  pendingAmong?(db: Queryable, source: string, refs: readonly PendingReference[]): Promise<boolean[]>;
  /**
   * Called after an import committed `rowsWritten` new rows into `table`, for dialects whose
   * planner needs fresh statistics of a table that grows fast (best effort, never throws);
   * `columns` are those keyed lookups filter on.
   */
  refreshStatistics?(db: Db, table: string, columns: readonly string[], rowsWritten: number): Promise<void>;
  /**
   * For dialects whose default text comparison is not byte for byte (MySQL/MariaDB collations pad
   * with spaces, so `'a' = 'a '`): makes every text column of `tables`, and the database's default,
   * compare byte for byte. Absent where text already compares so (PostgreSQL's deterministic
   * collations, SQLite's BINARY).
   */
  makeTextByteExact?(db: Db, tables: readonly string[]): Promise<void>;
  /**
   * The number of live (not deleted) records of `source` in `table` and the sum, modulo 2^64, of
   * their `recordChecksum`s, computed by the database, where it can hash (PostgreSQL); absent where
   * core reads the rows and hashes them itself.
   */
  sourceChecksum?(db: Queryable, table: string, source: string): Promise<SourceChecksum>;
  /** True when `table` has a column `column` (for migrations that add what the model gained). */
  columnExists(db: Queryable, table: string, column: string): Promise<boolean>;
  /** What a driver error means for the caller. */
  classifyError(error: unknown): ErrorClass;
}

/** What `sourceChecksum` computes. */
export interface SourceChecksum {
  readonly count: number;
  /** Sum of the records' `recordChecksum`s, modulo 2^64. */
  readonly sum: bigint;
}

/** A reference column pair of a child table. */
export interface PendingReference {
  readonly childTable: string;
  readonly idColumn: string;
  readonly xidColumn: string;
}

/** The arguments of `resolvePending`. */
export interface PendingResolution extends PendingReference {
  readonly parentTable: string;
  readonly source: string;
  readonly parentXids: readonly string[];
}

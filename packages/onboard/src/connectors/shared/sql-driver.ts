import type { CheckResult, Snapshotting, StreamInfo } from '../connector.ts';
import type { Row } from '../value.ts';
import type { ColumnSpec } from './column-spec.ts';
import type { SqlFragment } from './keyset.ts';
import type { SqlDialect } from './sql-dialect.ts';

/** One stream as a SQL technology found it: what `discover` reports plus what reading needs. */
export interface SqlStream {
  readonly info: StreamInfo;
  /** Ready for `FROM`: a quoted table name or a parenthesised custom query with an alias. */
  readonly from: string;
  /** The value-model mapping of each column, in `info.columns` order. */
  readonly specs: readonly ColumnSpec[];
  /**
   * Where a custom query's key comes from: the mapping's `key` (`declared`) or the primary key of a
   * table whose key columns the query selects (`detected`). No constraint holds either in the
   * query's result, so `partition` checks it is unique and never null before splitting on it.
   * Absent for tables and views: their key is the table's primary key.
   */
  readonly keySource?: 'declared' | 'detected';
}

/** Key values that do not bind back as stored: see `SqlDriver.inexactKeyValues`. */
export interface InexactKeyValues {
  /** A SQL condition on the quoted column, true for a value that does not bind back exactly. */
  readonly sql: string;
  /** What such a value is, for the warning: `a value whose storage class its type changes`. */
  readonly why: string;
}

/** Streaming options the shared SQL connector passes to a driver. */
export interface SqlStreamOptions {
  readonly batchSize: number;
  /** The select list's column names, in order: what `row` reads by position, `objectRows` by name. */
  readonly names: readonly string[];
  /**
   * Turns one driver row (an array in select-list order) into a normalised row. Drivers apply it as
   * each row arrives, so a batch holds only finished rows and the raw arrays die young.
   */
  readonly row: (raw: readonly unknown[]) => Row;
  /**
   * The same conversion for a chunk of rows the driver built as objects keyed by column name (the
   * names of `KeysetChunks.names`), done in place: offered when the names can key a row (unique, no
   * `__proto__`); every query calls the columns by them (a column read through `selectColumn`'s
   * expression is named after the column), so a driver whose rows are objects anyway builds one
   * object per row. With `check` true (a chunk fetched plainly) it first looks at each row's `KeysetChunks.lossy`
   * columns and returns false, stopping, at a number there beyond ±(2^53 - 1): the chunk is then to
   * be fetched exactly and converted again (`check` false). Otherwise true.
   */
  readonly objectRows?: (rows: Record<string, unknown>[], check: boolean) => boolean;
  readonly snapshot?: string;
  readonly signal?: AbortSignal;
  /** Offered to a driver with `chunkable` when every key column qualifies: see `KeysetChunks`. */
  readonly chunks?: KeysetChunks;
}

/**
 * A keyed read as a series of queries of at most `size` rows each, in key order, every one starting
 * after the last row of the one before. Lets a driver fetch a whole batch in one call (SQLite's
 * `all()`) instead of one call per row; the driver keeps the series in one read transaction.
 */
export interface KeysetChunks {
  /** Rows per chunk: the batch size, or fewer (at most 1,000: see `MAX_CHUNK_ROWS`). */
  readonly size: number;
  /** Where each key column is in the select list. */
  readonly keyIndexes: readonly number[];
  /** The select list's column names: `query` names every column so (`expression AS "name"`). */
  readonly names: readonly string[];
  /**
   * Where the columns are (in the select list) that `selectColumn` reads through an expression
   * rather than plainly: the plain read of such a column may be lossy (SQLite: an integer beyond
   * 2^53 as a float), so a driver that fetches a chunk plainly (`exact` false) must check them and
   * fetch the chunk again exactly when one may be (see `read.ts` of SQLite).
   */
  readonly lossy: readonly number[];
  /**
   * The query for the rows after `after` (the previous chunk's last key values, exactly as the driver
   * returned them; null: from the start), limited to `size` rows unless `limited` is false. `exact`
   * (the default) selects every column through `selectColumn`; false selects them plainly (same
   * rows, same order, same key values unless a `lossy` column reads lossily).
   */
  query(after: readonly unknown[] | null, limited: boolean, exact?: boolean): SqlFragment;
}

/**
 * What a SQL technology provides so the shared `SqlConnector` can implement the contract: each
 * technology's folder builds one from its role files (check, discover, read, normalise).
 */
export interface SqlDriver {
  readonly kind: string;
  readonly dialect: SqlDialect;
  readonly snapshots?: Snapshotting;
  /** Whether strings, integers and floats arrive from the driver already in their final form. */
  readonly exactScalars: boolean;
  /**
   * Whether the database compares timestamps as the text they were written in (SQLite), whose
   * order is not time order across spellings: a cursor on one is then compared on the values read
   * (see `textTimestampCursor`).
   */
  readonly textTimestamps?: boolean;
  check(): Promise<CheckResult>;
  /** Every table and view, plus the custom queries, with column mappings. */
  discover(): Promise<SqlStream[]>;
  /** Runs a small query; rows as arrays in select-list order. */
  query(sql: string, params: readonly unknown[]): Promise<unknown[][]>;
  /** Runs a query and yields its rows (through `options.row`) in batches of at most `batchSize`, with backpressure. */
  stream(sql: string, params: readonly unknown[], options: SqlStreamOptions): AsyncIterable<Row[]>;
  /**
   * The select-list expression that reads one column in `stream` (default: the quoted name). Lets a
   * driver hand over cheaper JS values, e.g. SQLite reads 64-bit integers as text, not BigInt.
   */
  selectColumn?(quoted: string, spec: ColumnSpec): string;
  /**
   * Whether a key column of this mapping, as `selectColumn` reads it, can be bound back unchanged as
   * a keyset bound (compared in the database exactly as stored). When every key column can, reads
   * of keyed partitions get `SqlStreamOptions.chunks`.
   */
  chunkable?(spec: ColumnSpec): boolean;
  /**
   * Which values of a key column of this mapping do not bind back as the values stored, so that
   * `key > :bound` would not split exactly after them (SQLite: a value of a storage class the
   * column's type reads as another; a naive timestamp in a DST gap of `timeZone`, read as the same
   * instant as a later wall time): `sql`, a condition on the quoted column true for such a value,
   * and `why`, for the warning. `partition` looks for such a value before splitting on the key.
   * Absent, or undefined for a column: every value binds back exactly.
   */
  inexactKeyValues?(quoted: string, spec: ColumnSpec, timeZone: string): InexactKeyValues | undefined;
  /** Last chance to adapt a bound/cursor parameter (e.g. SQLite wants 1/0 for booleans). */
  encodeParam?(value: unknown, spec: ColumnSpec): unknown;
  close(): Promise<void>;
}

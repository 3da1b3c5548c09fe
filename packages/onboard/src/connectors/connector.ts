import type { Row, SourceValue, ValueType } from './value.ts';

/** One column of a stream. */
export interface ColumnInfo {
  readonly name: string;
  /** The normalised type its values arrive as. */
  readonly type: ValueType;
  /** The database's own type name, for messages (`numeric(10,2)`, `datetime`). */
  readonly nativeType: string;
  readonly nullable: boolean;
  /**
   * Present when the native type has no place in the value model: reading the stream then fails,
   * and this is the expression that casts the column in a custom query (`"spot"::text`).
   */
  readonly unsupported?: string;
}

/** A readable stream of rows: a table, a view, a user's custom query, or a file set. */
export interface StreamInfo {
  /** Unique within the source; tables as the database names them (`Customer`, `public.customer`). */
  readonly name: string;
  readonly kind: 'table' | 'view' | 'query' | 'file';
  readonly columns: readonly ColumnInfo[];
  /** Primary key columns in key order; empty when the stream has no usable key. */
  readonly primaryKey: readonly string[];
  /** Columns fit for incremental reads (`updated_at`, `last_update`, …), best first. */
  readonly cursorCandidates: readonly string[];
  /** Row estimate from statistics; absent when unknown. */
  readonly estimatedRows?: number;
  /** Declared foreign keys of a table (absent for views, queries, files and sources without any). */
  readonly foreignKeys?: readonly ForeignKeyInfo[];
}

/** A declared foreign key: `columns` of this stream refer to `references` of the stream `target`. */
export interface ForeignKeyInfo {
  readonly columns: readonly string[];
  /** The referenced stream, named as `discover` names it (`Employee`, `public.employee`). */
  readonly target: string;
  /** The referenced columns, in the order of `columns`. */
  readonly references: readonly string[];
}

/**
 * A contiguous key range of one stream: rows with `lower < key <= upper` in the key's order
 * (tuples compared lexicographically for composite keys; null bound = unbounded). Partitions of a
 * stream cover it without gaps or overlaps. Plain JSON data, so it can be queued and resumed.
 */
export interface Partition {
  readonly stream: string;
  /** 0-based position among the stream's partitions. */
  readonly index: number;
  /** Key columns the bounds refer to; empty for a stream read whole. */
  readonly key: readonly string[];
  readonly lower: readonly SourceValue[] | null;
  readonly upper: readonly SourceValue[] | null;
  readonly estimatedRows?: number;
}

/** How to read one partition. */
export interface ReadOptions {
  /** Rows per batch; memory is bounded by it, not by the table. */
  readonly batchSize: number;
  /** Resume inside the partition: only rows whose key is greater than this tuple. */
  readonly after?: readonly SourceValue[];
  /**
   * Incremental read: only rows whose `column` is greater than `value`, and every row whose
   * `column` is null (no watermark orders it, so each incremental read reads it again).
   */
  readonly cursor?: { readonly column: string; readonly value: SourceValue };
  /** A snapshot from `Snapshotting.exportSnapshot`, so all partitions see one consistent state. */
  readonly snapshot?: string;
  readonly signal?: AbortSignal;
}

/** The outcome of `check`: ok, or one specific, password-free reason. */
export type CheckResult =
  | { readonly ok: true; readonly serverVersion?: string }
  | {
      readonly ok: false;
      readonly code:
        | 'unreachable'
        | 'auth_failed'
        | 'database_missing'
        | 'permission_denied'
        | 'invalid_config'
        | 'tls_failed'
        | 'other';
      readonly message: string;
    };

/** Optional capability: a consistent snapshot shared by every partition of a run. */
export interface Snapshotting {
  /** Opens a snapshot and returns its id; it stays valid until `releaseSnapshot`. */
  exportSnapshot(): Promise<string>;
  releaseSnapshot(id: string): Promise<void>;
}

/**
 * The contract every source connector implements (in the spirit of Airbyte's spec/check/discover/
 * read). Connectors know nothing of mappings, and no code outside `connectors/` knows a dialect.
 */
export interface Connector {
  /** The technology, for messages: `postgres`, `mysql`, `sqlite`, `csv`, `ndjson`. */
  readonly kind: string;
  /** Present when the source can give all partitions one consistent snapshot. */
  readonly snapshots?: Snapshotting;
  /** Connects and reports a clear, specific error that never contains a password. */
  check(): Promise<CheckResult>;
  /** Every table and view, plus the custom queries from the source options. */
  discover(): Promise<StreamInfo[]>;
  /**
   * Splits a stream into contiguous key ranges of about `targetRows` rows each, by keyset on the
   * primary key, whatever the key's distribution. A stream without a usable key is one partition.
   */
  partition(stream: StreamInfo, targetRows: number): Promise<Partition[]>;
  /**
   * The largest value of the stream's `column` now, in the order incremental reads compare it
   * (`compareCursor`): never past the largest, the largest itself whenever the source orders the
   * column as onboard does; null when the stream holds no value. The planner asks before any read,
   * so that a run reading a live source never moves its watermark past a change it may have missed.
   * Absent where the source cannot change during a run (files).
   */
  cursorCeiling?(stream: StreamInfo, column: string): Promise<SourceValue>;
  /** Reads one partition as batches of normalised rows, in key order, with backpressure. */
  read(stream: StreamInfo, partition: Partition, options: ReadOptions): AsyncIterable<Row[]>;
  /** Releases connections. */
  close(): Promise<void>;
}

/** A user's custom query, discovered as a stream of kind `query`. */
export interface CustomQuery {
  readonly name: string;
  readonly sql: string;
  /** Key columns of the query's result, for partitioning; none: read whole. */
  readonly primaryKey?: readonly string[];
}

/** What opens a connector: a URL plus options that are not part of it. */
export interface SourceOptions {
  /** `postgres://`, `mysql://`, `sqlite:/path`, `file:/path` (CSV/NDJSON). */
  readonly url: string;
  /** Timezone of naive timestamps (no offset stored), IANA name; default `UTC`. */
  readonly timezone?: string;
  readonly queries?: readonly CustomQuery[];
  /** Receives warnings (e.g. MySQL zero dates turned to null). */
  readonly onWarning?: (message: string) => void;
}

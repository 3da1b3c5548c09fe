import type { ImportRecord, RecordError } from '@madeup/contract';
import type { CustomQuery } from '../connectors/connector.ts';
import type { Row } from '../connectors/value.ts';

/** What a mapping makes of one source row. */
export type TransformOutcome =
  | { readonly record: ImportRecord }
  /** Filtered out by the mapping on purpose; says which filter. */
  | { readonly skipped: string }
  /** The row cannot become a record: every reason, with a path. */
  | { readonly errors: readonly RecordError<string>[]; readonly externalId?: string };

/**
 * A join of an entity's rows: the row of `stream` whose `key` columns equal the row's `on` columns
 * adds its columns as `alias.column` (nulls when there is none).
 */
export interface JoinView {
  readonly alias: string;
  readonly stream: string;
  readonly on: readonly string[];
  readonly key: readonly string[];
}

/** Which core entity a source stream fills, and the pure function that turns a row into a record. */
export interface MappedEntity {
  readonly entity: string;
  /** The source stream read: a table name, or the name of `query`. */
  readonly stream: string;
  /** The custom query behind the stream, when it is one. */
  readonly query?: CustomQuery;
  /** References the mapping fills (ordering itself comes from core's schema). */
  readonly references: readonly { readonly name?: string; readonly target: string }[];
  /** A column for incremental reads, when the mapping names one (`max(a, b)` for several). */
  readonly cursor?: string;
  /** The columns of a cursor over several columns, joined ones included; the executor filters on them. */
  readonly cursorColumns?: readonly string[];
  /** Rows of other streams joined to each row before `transform`, in order (see `JoinView`). */
  readonly joins?: readonly JoinView[];
  /** How duplicates are found and merged (the mapping's `merge:`); see docs/mappings.md. */
  readonly merge?: MergeView;
  transform(row: Row): TransformOutcome;
  /** The id `transform` would give the row's record, alone; null when unknown (see `CompiledEntity`). */
  externalIdOf?(row: Row): string | null;
}

/** An entity's duplicate rule, as the pipeline needs it (the mapping's `MergeRule` satisfies it). */
export interface MergeView {
  /** The row's match keys; rows sharing one are one record. */
  keys(row: Row): string[];
  /** Which row is the latest (larger is later). */
  order(row: Row): unknown;
  readonly survivorship: 'latest' | 'firstNonEmpty';
  /** The rule in words, for the report. */
  readonly rule: string;
}

/**
 * The planner's and executors' narrow view of a compiled mapping (the mapping's `CompiledMapping`
 * satisfies it): only what planning and running need.
 */
export interface MappingView {
  /** The source system name sent to core with every batch (`ImportBatchRequest.source`). */
  readonly source: string;
  readonly entities: readonly MappedEntity[];
  /** Every custom query, for the connector's `SourceOptions.queries`. */
  readonly queries: readonly CustomQuery[];
}

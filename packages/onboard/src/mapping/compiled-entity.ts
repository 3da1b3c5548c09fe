import type { ImportRecord } from '@madeup/contract';
import type { CustomQuery } from '../connectors/connector.ts';
import type { Row } from '../connectors/value.ts';
import type { MappedJoin } from './compile-joins.ts';
import type { MergeRule } from './compile-merge.ts';
import type { Rejection } from './rejection-codes.ts';

/** What transforming one row gave: a record to send, a row left out on purpose, or row errors. */
export type TransformResult =
  | { readonly record: ImportRecord }
  | { readonly skipped: string }
  | {
      /** The first problem (`field` is a path: `fields.total`, `refs.customer`, `externalId`). */
      readonly error: Rejection;
      /** Every problem of the row. */
      readonly errors: readonly Rejection[];
      /** The row's external id, when it could be computed. */
      readonly externalId?: string;
    };

/** A reference the mapping fills: `refs[name]` holds an external id of `target`. */
export interface MappedReference {
  readonly name: string;
  readonly target: string;
  readonly required: boolean;
}

/** One entity's mapping, compiled: what the planner needs, and the per-row transform. */
export interface CompiledEntity {
  /** Core entity name. */
  readonly entity: string;
  /** The stream to read, as the source names it (for a custom query, the query's name). */
  readonly stream: string;
  /** Present when the stream is a custom query; pass it to the connector's `SourceOptions.queries`. */
  readonly query?: CustomQuery;
  /** Column for incremental reads, as the source names it; `max(a, b)` for a cursor of several columns. */
  readonly cursor?: string;
  /** The columns of a cursor over several columns (joined ones included): the executor filters the rows. */
  readonly cursorColumns?: readonly string[];
  /** Rows of other streams each row is joined with, in order. */
  readonly joins?: readonly MappedJoin[];
  /** References this mapping fills, with their target entities. */
  readonly references: readonly MappedReference[];
  /**
   * The stream's columns the mapping reads (expressions, id, references, filter, cursor), as the
   * source names them; `'all'` when a row hook sees the whole row. Known only with discovery.
   */
  readonly columnsRead?: ReadonlySet<string> | 'all';
  /** How duplicates of this entity are found and merged, when the mapping says (`merge:`). */
  readonly merge?: MergeRule;
  /** Pure and synchronous; never throws for bad data. */
  transform(row: Row): TransformResult;
  /**
   * The external id `transform` gives the row's record, computed alone from the id template; null
   * when it cannot tell (the entity has a row hook, the id is empty or unreadable). Never throws.
   */
  externalIdOf(row: Row): string | null;
}

/** A whole mapping, compiled once, used for every row. */
export interface CompiledMapping {
  /** The source system of every external id. */
  readonly source: string;
  /** In the order of the mapping file. */
  readonly entities: readonly CompiledEntity[];
  /** Every custom query, for the connector's `SourceOptions.queries`. */
  readonly queries: readonly CustomQuery[];
  entity(name: string): CompiledEntity | undefined;
}

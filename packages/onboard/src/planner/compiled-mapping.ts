import type { ImportRecord, RecordError } from '@madeup/contract';
import type { CustomQuery } from '../connectors/connector.ts';
import type { Row } from '../connectors/value.ts';

/** What a mapping makes of one source row. */
export type TransformOutcome =
  | { readonly record: ImportRecord }
  /** Filtered out by the mapping on purpose; `reason` says which filter. */
  | { readonly skipped: string }
  /** The row cannot become a record; every reason, with a path. */
  | { readonly error: readonly RecordError[] };

/**
 * The pipeline's view of one compiled mapping entry: which core entity a source stream fills, and
 * the pure function that turns each row into an `ImportRecord`.
 */
export interface MappedEntity {
  /** The core entity filled. */
  readonly entity: string;
  /** The source stream read: a table name, or the name of `query`. */
  readonly stream: string;
  /** A custom query the connector must know about, when the stream is one. */
  readonly query?: CustomQuery;
  /** Core entities its records refer to (for information; ordering comes from core's schema). */
  readonly references: readonly string[];
  /** A column for incremental reads, when the mapping names one. */
  readonly cursorColumn?: string;
  transform(row: Row): TransformOutcome;
}

/** A mapping compiled against core's schema: what the pipeline runs. */
export interface CompiledMapping {
  /** The source system name sent to core with every batch (`ImportBatchRequest.source`). */
  readonly source: string;
  readonly entities: readonly MappedEntity[];
}

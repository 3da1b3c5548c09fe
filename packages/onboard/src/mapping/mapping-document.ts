/**
 * The mapping file as written (YAML or JSON), before it is checked and compiled. One mapping
 * describes one vendor system: which source stream feeds each core entity and how each field of
 * core's model is computed from a source row. Entity and field names come from core's
 * `SchemaDocument`; nothing here names them.
 */

/** The whole file. */
export interface MappingDocument {
  /** Format version; only `1` exists. */
  readonly version?: 1;
  /** The source system the external ids belong to, e.g. `chinook`; 1..100 of [A-Za-z0-9._-]. */
  readonly source: string;
  /** A JS/TS module of pure functions, relative to the mapping file. */
  readonly hooks?: string;
  /** Named value maps used by `lookup` expressions: source value (as text) -> result. */
  readonly lookups?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Core entity name -> how it is filled. */
  readonly entities: Readonly<Record<string, EntityMapping>>;
}

/** A custom SQL query the connector runs as a stream; its text is passed through untouched. */
export interface QuerySpec {
  readonly name: string;
  readonly sql: string;
  /** Key columns of the query's result, for partitioning; none: read whole. */
  readonly key?: readonly string[];
}

/** How one core entity is filled from one source stream. */
export interface EntityMapping {
  /** A discovered stream (table or view), matched case- and underscore-insensitively. */
  readonly stream?: string;
  /** Or a custom query (exactly one of `stream` and `query`). */
  readonly query?: QuerySpec;
  /** External-id template, e.g. `"{CustomerId}"`. */
  readonly id: string;
  /** Column for incremental reads: only rows past the last run's highest value are read. */
  readonly cursor?: string;
  /** Keep only rows for which this condition holds. */
  readonly filter?: Condition;
  /** A hook applied to each row before the fields: `(row) => row | null` (null skips the row). */
  readonly transform?: string | { readonly hook: string; readonly adds?: readonly string[] };
  /** Field name -> expression (or, for `object` fields, member name -> expression). */
  readonly fields?: Readonly<Record<string, FieldMapping>>;
  /** Reference name -> the parent's external-id template. */
  readonly refs?: Readonly<Record<string, string>>;
  /** Duplicates merged into one record: see docs/mappings.md, "Duplicates". */
  readonly merge?: MergeSpec;
}

/** A match rule and a survivorship rule for one entity. */
export interface MergeSpec {
  /** Keys; rows sharing any one non-blank key are one record. A list inside is a composite key. */
  readonly match: readonly (Expression | readonly Expression[])[];
  /** Which row is the latest (larger is later), e.g. an updated-at column. */
  readonly order: Expression;
  /** `latest` (default): the latest row's values; `firstNonEmpty`: per field, latest first. */
  readonly survivorship?: 'latest' | 'firstNonEmpty';
}

/** An expression, or for an `object` field a map of its members. */
export type FieldMapping = Expression | { readonly [member: string]: FieldMapping };

/**
 * An expression. Shorthands: a string without braces is a column, a string with `{…}` is a
 * template, a number, boolean or null is a constant. Otherwise an object with one operator key
 * (`column`, `const`, `template`, `coalesce`, `trim`, …) plus that operator's options.
 */
export type Expression = string | number | boolean | null | { readonly [operator: string]: unknown };

/** A condition: `{eq: [expr, value]}`, `{in: [expr, [values]]}`, `{and: [...]}`, `{isNull: expr}`, … */
export type Condition = { readonly [operator: string]: unknown };

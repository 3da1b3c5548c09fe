import type { ColumnType } from './column-type.ts';

/** The few pieces of SQL text that differ between dialects, for statements core writes by hand. */
export interface SqlSyntax {
  /** Quotes an identifier (names come from the model, so they are already whitelisted). */
  quote(identifier: string): string;
  /** The placeholder of the `n`th parameter (1-based). */
  placeholder(n: number): string;
  /** `ON CONFLICT ... DO UPDATE` / `ON DUPLICATE KEY UPDATE` overwriting `columns` on a `keys` clash. */
  upsertClause(keys: readonly string[], columns: readonly string[]): string;
  /** `INSERT ... RETURNING` exists. */
  readonly supportsReturning: boolean;
  /** `SELECT ... FOR UPDATE` exists (otherwise the write transaction itself is exclusive). */
  readonly supportsForUpdate: boolean;
  /**
   * Present when one array parameter per column is cheaper than one parameter per value: the SQL
   * element type of such an array. Multi-row writes then read `unnest($1::t1[], $2::t2[], ...)` and
   * key lists `= ANY($n::text[])`, so a 1000-row statement has a few parameters, not thousands.
   */
  readonly arrayElementType?: (type: ColumnType) => string;
  /** With `arrayElementType`: the parameter value of an array of these values (cast by the statement). */
  readonly arrayLiteral?: (values: readonly unknown[]) => unknown;
  /**
   * Present (without `arrayElementType`) when a multi-row write's values are cheaper written into
   * its text than sent as one parameter each: the `(v, ...), (v, ...)` list of `rows`, `width`
   * values each, escaped as the driver escapes parameters (MySQL/MariaDB: mysql2 escapes every
   * parameter into the text anyway, after a pass over the template's thousands of `?`).
   */
  readonly literalRows?: (rows: readonly (readonly unknown[])[], width: number) => string;
  /**
   * Present where a read by (`source`, `external_id`) must name the unique index to be sure to use
   * it: the text after the table name. MariaDB picked a reference index by its `source` prefix on
   * small tables, and a locking read through an index whose entries a concurrent import rewrites (a
   * reference changed) can skip a row: a delete answered `not_found` for a stored record.
   */
  readonly keyIndexHint?: (table: string) => string;
}

/** An identifier in the standard (PostgreSQL, SQLite) spelling: double quotes, inner ones doubled. */
export const doubleQuote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** PostgreSQL and SQLite share the standard spelling. */
export function standardSyntax(
  numbered: boolean,
  forUpdate: boolean,
  arrays?: {
    readonly elementType: (type: ColumnType) => string;
    readonly literal: (values: readonly unknown[]) => unknown;
  },
): SqlSyntax {
  return {
    ...(arrays !== undefined ? { arrayElementType: arrays.elementType, arrayLiteral: arrays.literal } : {}),
    quote: doubleQuote,
    placeholder: numbered ? (n) => `$${n}` : () => '?',
    upsertClause: (keys, columns) =>
      `ON CONFLICT (${keys.map(doubleQuote).join(', ')}) DO UPDATE SET ${columns
        .map((c) => `${doubleQuote(c)} = excluded.${doubleQuote(c)}`)
        .join(', ')}`,
    supportsReturning: true,
    supportsForUpdate: forUpdate,
  };
}

const backtick = (identifier: string) => `\`${identifier.replace(/`/g, '``')}\``;

export const mysqlSyntax: SqlSyntax = {
  quote: backtick,
  placeholder: () => '?',
  upsertClause: (_keys, columns) =>
    `ON DUPLICATE KEY UPDATE ${columns.map((c) => `${backtick(c)} = VALUES(${backtick(c)})`).join(', ')}`,
  supportsReturning: false,
  supportsForUpdate: true,
  // The unique key `create-entity-table.ts` names.
  keyIndexHint: (table) => ` FORCE INDEX (${backtick(`${table}_source_xid`)})`,
};

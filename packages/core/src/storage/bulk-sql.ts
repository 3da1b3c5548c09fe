import { CompiledQuery } from 'kysely';
import type { ColumnType } from './column-type.ts';
import type { Queryable, Row } from './dynamic-database.ts';
import type { SqlSyntax } from './sql-syntax.ts';

/** Statement texts by shape, per dialect syntax. */
const textCaches = new WeakMap<SqlSyntax, Map<string, string>>();

function cached(syntax: SqlSyntax, key: string, build: () => string): string {
  let cache = textCaches.get(syntax);
  if (cache === undefined) {
    cache = new Map();
    textCaches.set(syntax, cache);
  }
  let text = cache.get(key);
  if (text === undefined) {
    if (cache.size > 1000) cache.clear();
    text = build();
    cache.set(key, text);
  }
  return text;
}

/** Where a template of `bulkInsert` takes its literal rows (`SqlSyntax.literalRows`). */
const LITERAL_ROWS = '\u0000rows\u0000';

function tuples(syntax: SqlSyntax, width: number, count: number, first = 1): string {
  const out: string[] = [];
  let n = first;
  for (let r = 0; r < count; r++) {
    const cells: string[] = [];
    for (let c = 0; c < width; c++) cells.push(syntax.placeholder(n++));
    out.push(`(${cells.join(', ')})`);
  }
  return out.join(', ');
}

/** What a multi-row insert does on a key clash. */
export type OnConflict =
  | { readonly kind: 'fail' }
  | { readonly kind: 'update'; readonly keys: readonly string[]; readonly columns: readonly string[] };

/** Where a multi-row insert goes: the table, its columns in row order, and their types when known. */
export interface InsertTarget {
  readonly table: string;
  readonly columns: readonly string[];
  readonly types?: ReadonlyMap<string, ColumnType>;
}

/**
 * One multi-row INSERT of `rows` (value arrays in the order of `target.columns`), written as text
 * once per shape and cached, so a batch costs no query-builder work. Returns the rows of
 * `returning`, when asked, and the first generated id where the driver reports it. Given the column types and a syntax with array parameters, the rows
 * travel as one array per column (`INSERT ... SELECT * FROM unnest($1::t1[], ...)`): a short statement,
 * cheap to parse and plan.
 */
export async function bulkInsert(
  db: Queryable,
  syntax: SqlSyntax,
  target: InsertTarget,
  rows: readonly (readonly unknown[])[],
  onConflict: OnConflict,
  returning: readonly string[] = [],
): Promise<InsertResult> {
  const { table, columns, types } = target;
  if (rows.length === 0) return { rows: [] };
  const elementType = syntax.arrayElementType;
  const literal = syntax.arrayLiteral;
  const arrays =
    elementType !== undefined &&
    literal !== undefined &&
    types !== undefined &&
    columns.every((c) => types.has(c))
      ? columns.map((c) => elementType(types.get(c) as ColumnType))
      : undefined;
  const literalRows = arrays === undefined ? syntax.literalRows : undefined;
  const count = arrays !== undefined ? 'arrays' : literalRows !== undefined ? 'literal' : rows.length;
  const key = `${table}|${columns.join(',')}|${count}|${onConflict.kind}|${returning.join(',')}`;
  const template = cached(syntax, key, () => {
    const q = syntax.quote;
    const conflict =
      onConflict.kind === 'update' ? ` ${syntax.upsertClause(onConflict.keys, onConflict.columns)}` : '';
    const ret = returning.length > 0 ? ` RETURNING ${returning.map(q).join(', ')}` : '';
    const values =
      arrays !== undefined
        ? `SELECT * FROM unnest(${arrays.map((t, i) => `${syntax.placeholder(i + 1)}::${t}[]`).join(', ')})`
        : literalRows !== undefined
          ? `VALUES ${LITERAL_ROWS}`
          : `VALUES ${tuples(syntax, columns.length, rows.length)}`;
    return `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) ${values}${conflict}${ret}`;
  });
  let text = template;
  let params: unknown[];
  if (literalRows !== undefined) {
    // The values in the text (`SqlSyntax.literalRows`), where the template marks their place.
    const at = template.indexOf(LITERAL_ROWS);
    text = `${template.slice(0, at)}${literalRows(rows, columns.length)}${template.slice(at + LITERAL_ROWS.length)}`;
    params = [];
  } else if (arrays === undefined) {
    // Allocated at its size and filled by index: pushed one by one, the 16,000 values of a
    // 1000-row batch cost several times more, to build and again to read (mysql2's escaping).
    const width = columns.length;
    params = new Array(rows.length * width);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r] as readonly unknown[];
      const at = r * width;
      for (let c = 0; c < width; c++) params[at + c] = row[c] ?? null;
    }
  } else {
    const toArray = literal as (values: readonly unknown[]) => unknown;
    params = columns.map((_, c) => toArray(rows.map((row) => row[c] ?? null)));
  }
  const result = await db.executeQuery<Row>(CompiledQuery.raw(text, params));
  return {
    rows: result.rows,
    // Only MySQL's driver reports the first id (SQLite's gives its last rowid, and has RETURNING).
    ...(!syntax.supportsReturning &&
    result.insertId !== undefined &&
    result.numAffectedRows === BigInt(rows.length)
      ? { firstInsertId: result.insertId }
      : {}),
  };
}

/** What `bulkInsert` got back. */
export interface InsertResult {
  /** The rows of `returning`. */
  readonly rows: Row[];
  /** The first auto-increment id it generated, where there is no RETURNING (MySQL) and it wrote every row. */
  readonly firstInsertId?: bigint;
}

/**
 * `SELECT <columns> FROM table WHERE source = ? AND key IN (...) [FOR UPDATE]`. No `ORDER BY`: the
 * unique (source, key) index already visits the keys in order (so concurrent batches lock rows in
 * one order), and asking for it made PostgreSQL prefer reading all of a source's rows in index
 * order over probing for each key. By external id, MySQL/MariaDB are told that index
 * (`SqlSyntax.keyIndexHint`): left to choose, MariaDB read small tables through a reference index.
 */
export async function selectByKeys(
  db: Queryable,
  syntax: SqlSyntax,
  table: string,
  columns: readonly string[] | '*',
  source: string,
  keyColumn: string,
  keys: readonly string[],
  forUpdate: boolean,
): Promise<Row[]> {
  if (keys.length === 0) return [];
  const literal = syntax.arrayLiteral;
  const asArray = literal !== undefined;
  const shape = `select|${table}|${columns}|${keyColumn}|${asArray ? 'array' : keys.length}|${forUpdate}`;
  const text = cached(syntax, shape, () => {
    const q = syntax.quote;
    const list = columns === '*' ? '*' : columns.map(q).join(', ');
    const match = asArray
      ? `= ANY(${syntax.placeholder(2)}::text[])`
      : `IN (${Array.from({ length: keys.length }, (_, i) => syntax.placeholder(i + 2)).join(', ')})`;
    const hint = keyColumn === 'external_id' ? (syntax.keyIndexHint?.(table) ?? '') : '';
    return `SELECT ${list} FROM ${q(table)}${hint} WHERE ${q('source')} = ${syntax.placeholder(1)} AND ${q(keyColumn)} ${match}${forUpdate ? ' FOR UPDATE' : ''}`;
  });
  const params = literal !== undefined ? [source, literal(keys)] : [source, ...keys];
  const result = await db.executeQuery<Row>(CompiledQuery.raw(text, params));
  return result.rows;
}

/** One table's part of `selectIdsOfTables`: the external ids to find in it. */
export interface IdLookup {
  readonly table: string;
  readonly keys: readonly string[];
}

/**
 * `SELECT 0 AS k, id, external_id FROM t0 WHERE source = ? AND external_id IN (...) UNION ALL
 * SELECT 1, ... FROM t1 ...`: the ids of several tables' records in one statement (one round trip
 * instead of one per table). Each row's `k` is the index of its lookup.
 */
export async function selectIdsOfTables(
  db: Queryable,
  syntax: SqlSyntax,
  source: string,
  lookups: readonly IdLookup[],
): Promise<Row[]> {
  const parts = lookups.filter((l) => l.keys.length > 0);
  if (parts.length === 0) return [];
  const literal = syntax.arrayLiteral;
  const shape = `ids|${lookups.map((l) => `${l.table}:${literal !== undefined && l.keys.length > 0 ? 'array' : l.keys.length}`).join(',')}`;
  const text = cached(syntax, shape, () => {
    const q = syntax.quote;
    let n = 0;
    return lookups
      .map((l, k) => {
        if (l.keys.length === 0) return '';
        const match =
          literal !== undefined
            ? `= ANY(${syntax.placeholder(n + 2)}::text[])`
            : `IN (${l.keys.map((_, i) => syntax.placeholder(n + 2 + i)).join(', ')})`;
        const sourceAt = syntax.placeholder(n + 1);
        n += literal !== undefined ? 2 : 1 + l.keys.length;
        return `SELECT ${k} AS ${q('k')}, ${q('id')}, ${q('external_id')} FROM ${q(l.table)} WHERE ${q('source')} = ${sourceAt} AND ${q('external_id')} ${match}`;
      })
      .filter((part) => part !== '')
      .join(' UNION ALL ');
  });
  const params: unknown[] = [];
  for (const l of parts)
    if (literal !== undefined) params.push(source, literal(l.keys));
    else params.push(source, ...l.keys);
  const result = await db.executeQuery<Row>(CompiledQuery.raw(text, params));
  return result.rows;
}

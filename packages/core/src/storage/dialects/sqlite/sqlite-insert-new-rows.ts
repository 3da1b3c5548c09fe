import type Database from 'better-sqlite3';
import type { InsertTarget } from '../../bulk-sql.ts';
import type { Queryable } from '../../dynamic-database.ts';
import { doubleQuote as quote } from '../../sql-syntax.ts';
import { transactionDatabase } from './sqlite-write-transaction.ts';

/** Most bound parameters in one statement (SQLite's default limit is 32,766). */
const MAX_PARAMS = 30_000;

/**
 * Core's columns in which every new row of a batch holds the same value (`toRow`: the batch's
 * source and timestamp, twice, and no deletion). Where the rows agree, the value is bound once per
 * statement (a named parameter; `NULL` written in) instead of once per row.
 */
const BATCH_CONSTANTS = new Set(['source', 'row_created_at', 'row_updated_at', 'row_deleted_at']);

/**
 * How each column's value reaches a statement, one character per column: `r` bound per row, `c`
 * bound once by name (`:c<position>`), `0` written in as `NULL`.
 */
type Cells = string;

/** What a target's statements are built from, worked out once per column list. */
interface Shape {
  readonly maxText: string;
  /** Positions in the row of the `BATCH_CONSTANTS` columns. */
  readonly constants: readonly number[];
  /** Statement texts by rows and cells, kept so each batch reuses the same string. */
  readonly texts: Map<string, string>;
  /** The other columns null in every row of the batch before (see `cellsOf`). */
  lastNulls: string;
}

const shapes = new WeakMap<readonly string[], Map<string, Shape>>();

function shapeOf(target: InsertTarget): Shape {
  let byTable = shapes.get(target.columns);
  if (byTable === undefined) {
    byTable = new Map();
    shapes.set(target.columns, byTable);
  }
  let shape = byTable.get(target.table);
  if (shape === undefined) {
    const constants: number[] = [];
    for (const [at, column] of target.columns.entries()) if (BATCH_CONSTANTS.has(column)) constants.push(at);
    const maxText = `SELECT max("id") FROM ${quote(target.table)}`;
    shape = { maxText, constants, texts: new Map(), lastNulls: '' };
    byTable.set(target.table, shape);
  }
  return shape;
}

/**
 * The cells of a batch: a `BATCH_CONSTANTS` column its rows agree on is bound once (or written in as
 * `NULL`); another column null in every row is written in as `NULL` too, but only once the batch
 * before had the same such columns or their statement is built already: which columns a batch
 * leaves empty can change from batch to batch, and compiling a 1000-row statement (~7 ms) for a
 * pattern seen once would cost more than binding its nulls saves.
 */
function cellsOf(shape: Shape, width: number, rows: readonly (readonly unknown[])[]): Cells {
  const first = rows[0] as readonly unknown[];
  const cells: string[] = new Array(width).fill('r');
  const agree = (at: number, value: unknown) => {
    for (let k = 1; k < rows.length; k++)
      if (((rows[k] as readonly unknown[])[at] ?? null) !== value) return false;
    return true;
  };
  for (const at of shape.constants) {
    const value = first[at] ?? null;
    if (agree(at, value)) cells[at] = value === null ? '0' : 'c';
  }
  const nulls: number[] = [];
  for (let at = 0; at < width; at++)
    if (cells[at] === 'r' && (first[at] ?? null) === null && agree(at, null)) nulls.push(at);
  const seen = nulls.join(',');
  const withNulls = cells.map((c, at) => (nulls.includes(at) ? '0' : c)).join('');
  const accept =
    nulls.length > 0 &&
    (seen === shape.lastNulls || [...shape.texts.keys()].some((key) => key.endsWith(`|${withNulls}`)));
  shape.lastNulls = seen;
  return accept ? withNulls : cells.join('');
}

/**
 * The INSERT of `count` rows with the given cells, each row's id first. Built once per shape; the
 * same string each time, so the connection's statement cache finds it without hashing the text again.
 */
function insertText(target: InsertTarget, shape: Shape, count: number, cells: Cells): string {
  const key = `${count}|${cells}`;
  let text = shape.texts.get(key);
  if (text === undefined) {
    const values = target.columns.map((_, at) =>
      cells[at] === 'r' ? '?' : cells[at] === 'c' ? `:c${at}` : 'NULL',
    );
    const tuple = `(?, ${values.join(', ')})`;
    text = `INSERT INTO ${quote(target.table)} ("id", ${target.columns.map(quote).join(', ')}) VALUES ${Array.from({ length: count }, () => tuple).join(', ')}`;
    if (shape.texts.size >= 64) shape.texts.clear();
    shape.texts.set(key, text);
  }
  return text;
}

/**
 * `StorageDialect.insertNewRows` for SQLite: gives the rows the ids after the table's largest
 * (`max(id)`, one read of the primary key's last page; the transaction holds SQLite's write lock
 * from its `BEGIN IMMEDIATE`, so no other writer can take them), calls `withIds`, then inserts the
 * rows with their ids by multi-row INSERTs on the transaction's connection (compiled once per shape:
 * `openSqlite`'s connections reuse a text's statement, see `cacheStatements`). Binding is most of
 * the cost of such an INSERT in better-sqlite3 (each value crosses from JavaScript one by one, ~4×
 * SQLite's own work for a customers row), so each row's values are passed as plain arguments (no
 * array to read element by element), the batch's shared constants once and its empty columns not
 * at all (`cellsOf`). The unique
 * (source, external_id) index still rejects a key that is stored, failing the transaction like the
 * plain INSERT (so a batch written before reading goes the usual way). Undefined when `db` is not a
 * transaction of `sqliteWriteTransaction`, or ids would pass 2^53.
 */
export async function sqliteInsertNewRows(
  db: Queryable,
  target: InsertTarget,
  rows: readonly (readonly unknown[])[],
  withIds?: (ids: readonly string[]) => void,
): Promise<readonly string[] | undefined> {
  const database = transactionDatabase(db);
  if (database === undefined) return undefined;
  const shape = shapeOf(target);
  const max = database.prepare(shape.maxText).pluck().get() as number | bigint | null;
  const last = max === null ? 0 : Number(max);
  if (!Number.isSafeInteger(last + rows.length)) return undefined;
  const ids = rows.map((_, k) => String(last + 1 + k));
  withIds?.(ids);
  if (rows.length > 0) insertRows(database, target, shape, rows, last + 1);
  // A turn of the event loop after the statement, as after every other (`YieldPlugin`).
  await new Promise<void>((resolve) => setImmediate(resolve));
  return ids;
}

function insertRows(
  database: Database.Database,
  target: InsertTarget,
  shape: Shape,
  rows: readonly (readonly unknown[])[],
  firstId: number,
): void {
  const cells = cellsOf(shape, target.columns.length, rows);
  const first = rows[0] as readonly unknown[];
  const named: Record<string, unknown> = {};
  const kept: number[] = [];
  for (let at = 0; at < cells.length; at++)
    if (cells[at] === 'r') kept.push(at);
    else if (cells[at] === 'c') named[`c${at}`] = first[at];
  const anyNamed = cells.includes('c');
  // Per row: the id, then the values bound per row.
  const width = kept.length + 1;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / width));
  for (let start = 0; start < rows.length; start += perStatement) {
    const count = Math.min(perStatement, rows.length - start);
    const args: unknown[] = new Array(width * count);
    let n = 0;
    for (let k = 0; k < count; k++) {
      const row = rows[start + k] as readonly unknown[];
      args[n++] = firstId + start + k;
      for (let j = 0; j < kept.length; j++) args[n++] = row[kept[j] as number];
    }
    const statement = database.prepare(insertText(target, shape, count, cells));
    if (anyNamed) statement.run(named, ...args);
    else statement.run(...args);
  }
}

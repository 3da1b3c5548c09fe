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

/** What a target's statements are built from, worked out once per column list. */
interface Shape {
  readonly maxText: string;
  /** Positions in the row of the `BATCH_CONSTANTS` columns. */
  readonly constants: readonly number[];
  /** Statement texts by key (rows, and which constants are shared), kept so each batch reuses the same string. */
  readonly texts: Map<string, string>;
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
    shape = { maxText: `SELECT max("id") FROM ${quote(target.table)}`, constants, texts: new Map() };
    byTable.set(target.table, shape);
  }
  return shape;
}

/**
 * The INSERT of `count` rows: each row's id and values as `?`, but a shared constant as the named
 * parameter `:c<position>` (or `NULL`). Built once per shape; the same string each time, so the
 * connection's statement cache finds it without hashing the text again.
 */
function insertText(
  target: InsertTarget,
  shape: Shape,
  count: number,
  shared: readonly number[],
  nulls: string,
): string {
  const key = `${count}|${shared.join(',')}|${nulls}`;
  let text = shape.texts.get(key);
  if (text === undefined) {
    const cells = target.columns.map((_, at) => {
      const k = shared.indexOf(at);
      if (k < 0) return '?';
      return nulls[k] === '1' ? 'NULL' : `:c${at}`;
    });
    const tuple = `(?, ${cells.join(', ')})`;
    text = `INSERT INTO ${quote(target.table)} ("id", ${target.columns.map(quote).join(', ')}) VALUES ${Array.from({ length: count }, () => tuple).join(', ')}`;
    if (shape.texts.size >= 64) shape.texts.clear();
    shape.texts.set(key, text);
  }
  return text;
}

/** The `BATCH_CONSTANTS` positions whose value every row shares. */
function sharedConstants(shape: Shape, rows: readonly (readonly unknown[])[]): number[] {
  const first = rows[0] as readonly unknown[];
  return shape.constants.filter((at) => {
    const value = first[at];
    for (let k = 1; k < rows.length; k++) if ((rows[k] as readonly unknown[])[at] !== value) return false;
    return true;
  });
}

/**
 * `StorageDialect.insertNewRows` for SQLite: gives the rows the ids after the table's largest
 * (`max(id)`, one read of the primary key's last page; the transaction holds SQLite's write lock
 * from its `BEGIN IMMEDIATE`, so no other writer can take them), calls `withIds`, then inserts the
 * rows with their ids by multi-row INSERTs on the transaction's connection (compiled once per shape:
 * `openSqlite`'s connections reuse a text's statement, see `cacheStatements`). Binding is most of
 * the cost of such an INSERT in better-sqlite3 (each value crosses from JavaScript one by one, ~4×
 * SQLite's own work for a customers row), so each row's values are passed as plain arguments (no
 * array to read element by element) and the batch's shared constants once. The unique
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
  const shared = sharedConstants(shape, rows);
  const first = rows[0] as readonly unknown[];
  // A shared null is written into the text; any other shared value is bound by name.
  const named: Record<string, unknown> = {};
  let nulls = '';
  for (const at of shared) {
    const value = first[at] ?? null;
    nulls += value === null ? '1' : '0';
    if (value !== null) named[`c${at}`] = value;
  }
  const anyNamed = nulls.includes('0');
  // Per row: the id, then every value but the shared ones.
  const kept = target.columns.map((_, at) => at).filter((at) => !shared.includes(at));
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
    const statement = database.prepare(insertText(target, shape, count, shared, nulls));
    if (anyNamed) statement.run(named, ...args);
    else statement.run(...args);
  }
}

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { InsertTarget } from '../../bulk-sql.ts';
import type { Queryable } from '../../dynamic-database.ts';
import { doubleQuote as quote } from '../../sql-syntax.ts';
import { transactionClient } from './postgres-write-transaction.ts';

/** Characters COPY's text format escapes with a backslash. */
const SPECIAL = /[\\\n\r\t]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * One value in COPY's text format: `\N` for null, numbers and bigints as digits, booleans as t/f,
 * anything else as its string with backslash, newline, carriage return and tab escaped. The same
 * text `postgresArrayLiteral` sends for the value, so the column's input function reads the same.
 */
export function copyTextValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text = String(value);
  return SPECIAL.test(text) ? text.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c] as string) : text;
}

/** Statement texts by table and column list. */
const texts = new Map<string, { ids: string; copy: string }>();

function statements(target: InsertTarget): { ids: string; copy: string } {
  const key = `${target.table}|${target.columns.join(',')}`;
  let found = texts.get(key);
  if (found === undefined) {
    if (texts.size > 1000) texts.clear();
    const table = quote(target.table);
    found = {
      // The table's own sequence, as `bigserial` made it; one call per row, in one statement.
      // `OFFSET 0` keeps the sequence's lookup in its subquery, evaluated once: pulled up into the
      // join it ran for every row (a catalog search each), ~3 µs of server CPU per id against ~0.8.
      // The ids come back as one comma-separated text, not a row each: a result row costs the
      // driver a message, an array and a string to parse (4,000 ids: ~0.3-1.3 ms of client CPU
      // against ~1.5-4.7 ms as rows).
      ids: `SELECT string_agg(nextval(q.s)::text, ',') FROM (SELECT pg_get_serial_sequence('${table.replace(/'/g, "''")}', 'id')::regclass AS s OFFSET 0) AS q, generate_series(1, $1::int)`,
      copy: `COPY ${table} ("id", ${target.columns.map(quote).join(', ')}) FROM STDIN`,
    };
    texts.set(key, found);
  }
  return found;
}

/**
 * `StorageDialect.insertNewRows` for PostgreSQL: takes one id per row from the table's sequence
 * (one statement), then COPYs the rows with their ids into the table (`withIds` sees the ids
 * first), on the connection of the write transaction. The unique (source, external_id) index still
 * rejects a key a concurrent batch inserted, failing the transaction like the INSERT did (so it is
 * retried; or, for a batch written before reading, sent the usual way). About half the server
 * CPU of `INSERT ... SELECT * FROM unnest(...) RETURNING` per row (docs/core.md, "write path").
 * Undefined when `db` is not a transaction of `postgresWriteTransaction`.
 */
export async function postgresCopyRows(
  db: Queryable,
  target: InsertTarget,
  rows: readonly (readonly unknown[])[],
  withIds?: (ids: readonly string[]) => void,
): Promise<string[] | undefined> {
  const client = transactionClient(db);
  if (client === undefined) return undefined;
  if (rows.length === 0) return [];
  const text = statements(target);
  const result = await client.query<[string | null]>({
    text: text.ids,
    values: [rows.length],
    rowMode: 'array',
  });
  const joined = result.rows[0]?.[0];
  const ids = typeof joined === 'string' ? joined.split(',') : [];
  if (ids.length !== rows.length) throw new Error(`got ${ids.length} ids for ${rows.length} rows`);
  withIds?.(ids);
  const stream = client.query(copyFrom(text.copy));
  await pipeline(Readable.from(copyData(rows, ids, target.columns.length)), stream);
  if (stream.rowCount !== rows.length)
    throw new Error(`COPY wrote ${stream.rowCount} of ${rows.length} rows`);
  return ids;
}

/** Characters of COPY text per chunk (see `copyData`). */
const CHUNK_CHARACTERS = 64 * 1024;

/**
 * The rows, each after its id, in COPY's text format, as UTF-8 chunks of about
 * `CHUNK_CHARACTERS` (whole rows; a row longer than that is a chunk of its own). Built as one
 * string of a whole batch, the text was a concatenation of tens of thousands of pieces that young
 * collections copied while it grew and that `Buffer.from` then had to flatten: ~3.5 ms of CPU for
 * 2,000 invoice lines, against ~1 ms in chunks.
 */
function copyData(rows: readonly (readonly unknown[])[], ids: readonly string[], width: number): Buffer[] {
  const chunks: Buffer[] = [];
  let data = '';
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as readonly unknown[];
    data += ids[r] as string;
    for (let c = 0; c < width; c++) data += `\t${copyTextValue(row[c])}`;
    data += '\n';
    if (data.length >= CHUNK_CHARACTERS) {
      chunks.push(Buffer.from(data, 'utf8'));
      data = '';
    }
  }
  if (data.length > 0) chunks.push(Buffer.from(data, 'utf8'));
  return chunks;
}

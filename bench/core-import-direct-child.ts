// A module of bench/core-import.ts (named -child so `npm run bench` does not run it on its own).
// The baseline: the rows core would store (every column of its table but `id`, the same values, a
// content hash by core's own function), written by the bare driver with one multi-row
// INSERT ... ON CONFLICT (ON DUPLICATE KEY UPDATE on MySQL) per batch, on a connection set up as
// core's tenant connections are where that changes what a write costs.
import type { ImportRecord } from '@madeup/contract';
import { contentHash, MODEL } from '@madeup/core';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';

export interface DirectTarget {
  readonly dialect: 'postgres' | 'mysql' | 'sqlite';
  readonly url: string;
}

type Ids = { invoices: Map<string, number>; products: Map<string, number> };
type Entity = 'customers' | 'invoiceLines';

export interface DirectWriter {
  parentIds(): Promise<Ids>;
  /** Writes one batch: its rows worked out (hash included) and upserted in one statement. */
  upsert(entity: Entity, records: readonly ImportRecord[], ids: Ids): Promise<void>;
  close(): Promise<void>;
}

const NOW = '2024-06-01 00:00:00.000000';

/** Core's content hash of a record of `entity` (the same work core does for every record it writes). */
function hashOf(entity: Entity, leaves: readonly unknown[], refXids: readonly (string | null)[]): string {
  const compiled = MODEL.get(entity);
  if (compiled === undefined) throw new Error(`core's model has no ${entity}`);
  return contentHash(compiled, leaves, refXids);
}
const TABLES: Record<Entity, string> = { customers: 'customers', invoiceLines: 'invoice_lines' };

/** The columns `rowOf` fills, in its order; the other columns core writes are null in these rows. */
const FILLED: Record<Entity, readonly string[]> = {
  customers: [
    'source',
    'external_id',
    'content_hash',
    'row_created_at',
    'row_updated_at',
    'first_name',
    'last_name',
    'company',
    'email',
    'phone',
    'address_line1',
    'address_city',
    'address_country',
    'active',
    'created_at',
  ],
  invoiceLines: [
    'source',
    'external_id',
    'content_hash',
    'row_created_at',
    'row_updated_at',
    'line_number',
    'description',
    'quantity',
    'unit_price',
    'invoice_id',
    'invoice_xid',
    'product_id',
    'product_xid',
  ],
};

/** One record's values, in the order of `FILLED[entity]`. */
function rowOf(entity: Entity, r: ImportRecord, ids: Ids): unknown[] {
  const f = r.fields as Record<string, unknown>;
  if (entity === 'customers') {
    const a = f['address'] as Record<string, unknown>;
    const active = f['active'] ? 1 : 0;
    const createdAt = String(f['createdAt']).replace('T', ' ').replace('Z', '');
    // Every leaf in the model's order (address: line1, line2, city, region, postalCode, country).
    const leaves = [
      f['firstName'],
      f['lastName'],
      f['company'],
      f['email'],
      f['phone'],
      a['line1'],
      null,
      a['city'],
      null,
      null,
      a['country'],
      active,
      createdAt,
    ];
    const hash = hashOf(entity, leaves, [null, null]);
    return [
      'bench',
      r.externalId,
      hash,
      NOW,
      NOW,
      leaves[0],
      leaves[1],
      leaves[2],
      leaves[3],
      leaves[4],
      leaves[5],
      leaves[7],
      leaves[10],
      active,
      createdAt,
    ];
  }
  const refs = r.refs ?? {};
  const invoice = refs['invoice'] ?? null;
  const product = refs['product'] ?? null;
  const leaves = [f['lineNumber'], f['description'], scale4(f['quantity']), scale4(f['unitPrice'])];
  const hash = hashOf(entity, leaves, [invoice, product]);
  return [
    'bench',
    r.externalId,
    hash,
    NOW,
    NOW,
    ...leaves,
    ids.invoices.get(invoice ?? ''),
    invoice,
    ids.products.get(product ?? ''),
    product,
  ];
}

/** A decimal as core stores a scale-4 column ('8.5' -> '8.5000'). */
function scale4(value: unknown): string {
  const text = String(value);
  const point = text.indexOf('.');
  const digits = point === -1 ? 0 : text.length - point - 1;
  return digits >= 4 ? text : `${text}${point === -1 ? '.' : ''}${'0'.repeat(4 - digits)}`;
}

function statement(
  dialect: DirectTarget['dialect'],
  table: string,
  columns: readonly string[],
  count: number,
): string {
  const q = (c: string) => (dialect === 'mysql' ? `\`${c}\`` : `"${c}"`);
  let n = 0;
  const tuple = () => `(${columns.map(() => (dialect === 'postgres' ? `$${++n}` : '?')).join(', ')})`;
  const values = Array.from({ length: count }, tuple).join(', ');
  const update = columns.filter((c) => c !== 'source' && c !== 'external_id' && c !== 'row_created_at');
  const conflict =
    dialect === 'mysql'
      ? `ON DUPLICATE KEY UPDATE ${update.map((c) => `${q(c)} = VALUES(${q(c)})`).join(', ')}`
      : `ON CONFLICT (source, external_id) DO UPDATE SET ${update.map((c) => `${q(c)} = excluded.${q(c)}`).join(', ')}`;
  return `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES ${values} ${conflict}`;
}

export async function openDirect(target: DirectTarget): Promise<DirectWriter> {
  const run = await runner(target);
  const idsOf = async (table: string) => {
    const rows = await run.query(`SELECT id, external_id FROM ${table} WHERE source = 'bench'`, []);
    return new Map(rows.map((r) => [String(r['external_id']), Number(r['id'])]));
  };
  // The columns core writes (`import/write-plan.ts`: all but `id`), read from the tables once, and
  // where each value `rowOf` gives goes among them.
  const shapes = new Map<Entity, { names: readonly string[]; at: readonly number[] }>();
  for (const [entity, table] of Object.entries(TABLES) as [Entity, string][]) {
    const names = (await run.columns(table)).filter((c) => c !== 'id');
    const at = FILLED[entity].map((name) => names.indexOf(name));
    if (at.includes(-1)) throw new Error(`${table} lacks one of ${FILLED[entity].join(', ')}`);
    shapes.set(entity, { names, at });
  }
  const texts = new Map<string, string>();
  return {
    parentIds: async () => ({ invoices: await idsOf('invoices'), products: await idsOf('products') }),
    async upsert(entity, records, ids) {
      const { names, at } = shapes.get(entity) as { names: readonly string[]; at: readonly number[] };
      const width = names.length;
      // Allocated at its size and filled by index, as core's bulk-sql.ts fills its values.
      const values: unknown[] = new Array(records.length * width).fill(null);
      for (let i = 0; i < records.length; i++) {
        const row = rowOf(entity, records[i] as ImportRecord, ids);
        for (let k = 0; k < row.length; k++) values[i * width + (at[k] as number)] = row[k] ?? null;
      }
      // The text built once per shape, as core builds its statement texts.
      const key = `${entity}:${records.length}`;
      let sql = texts.get(key);
      if (sql === undefined) {
        sql = statement(target.dialect, TABLES[entity], names, records.length);
        texts.set(key, sql);
      }
      await run.query(sql, values);
    },
    close: run.close,
  };
}

interface Runner {
  query(sql: string, params: unknown[]): Promise<Record<string, unknown>[]>;
  /** A table's column names, in order. */
  columns(table: string): Promise<string[]>;
  close(): Promise<void>;
}

async function runner(target: DirectTarget): Promise<Runner> {
  if (target.dialect === 'postgres') {
    const client = new pg.Client({ connectionString: target.url, options: '-c TimeZone=UTC' });
    await client.connect();
    const query = async (sql: string, params: unknown[]) => (await client.query(sql, params)).rows;
    return {
      query,
      columns: async (table) =>
        (
          await query(
            'SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position',
            [table],
          )
        ).map((r) => String(r['column_name'])),
      close: () => client.end(),
    };
  }
  if (target.dialect === 'mysql') {
    const connection = await mysql.createConnection({
      uri: target.url,
      timezone: 'Z',
      charset: 'utf8mb4_bin',
    });
    // The session core's tenant pools set (`mysql-pool.ts`): READ COMMITTED takes no gap locks.
    await connection.query("SET time_zone = '+00:00', sql_mode = CONCAT(@@sql_mode, ',STRICT_ALL_TABLES')");
    await connection.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED');
    const query = async (sql: string, params: unknown[]) =>
      (await connection.query(sql, params))[0] as Record<string, unknown>[];
    return {
      query,
      columns: async (table) =>
        (await query(`SHOW COLUMNS FROM \`${table}\``, [])).map((r) => String(r['Field'])),
      close: () => connection.end(),
    };
  }
  const db = new Database(target.url, { timeout: 10_000, fileMustExist: true });
  // The pragmas core's tenant connections set (`sqlite-pool.ts`), all three of which change what a
  // write costs: WAL, no sync at commit, and foreign keys checked (each invoice line's invoice and
  // product looked up in their primary keys).
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Each statement compiled once, as core does (its statement-cache.ts), not once per batch.
  const statements = new Map<string, Database.Statement>();
  return {
    query: async (sql, params) => {
      let stmt = statements.get(sql);
      if (stmt === undefined) {
        stmt = db.prepare(sql);
        statements.set(sql, stmt);
      }
      if (stmt.reader) return stmt.all(...params) as Record<string, unknown>[];
      stmt.run(...params);
      return [];
    },
    columns: async (table) => (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name),
    close: async () => {
      db.close();
    },
  };
}

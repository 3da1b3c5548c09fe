// A module of bench/core-import.ts (named -child so `npm run bench` does not run it on its own).
// The baseline: the rows core would store, written by the bare driver with
// one multi-row INSERT ... ON CONFLICT (ON DUPLICATE KEY UPDATE on MySQL) per batch.
import type { ImportRecord } from '@madeup/contract';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';

export interface DirectTarget {
  readonly dialect: 'postgres' | 'mysql' | 'sqlite';
  readonly url: string;
}

type Ids = { invoices: Map<string, number>; products: Map<string, number> };

export interface DirectWriter {
  parentIds(): Promise<Ids>;
  upsert(
    entity: 'customers' | 'invoiceLines',
    records: readonly ImportRecord[],
    ids: Ids,
    hash: (r: ImportRecord) => string,
  ): Promise<void>;
  close(): Promise<void>;
}

const NOW = '2024-06-01 00:00:00.000000';

function rowOf(entity: string, r: ImportRecord, ids: Ids, hash: string): [string[], unknown[]] {
  const f = r.fields as Record<string, unknown>;
  const base: [string, unknown][] = [
    ['source', 'bench'],
    ['external_id', r.externalId],
    ['content_hash', hash],
    ['row_created_at', NOW],
    ['row_updated_at', NOW],
  ];
  if (entity === 'customers') {
    const a = f['address'] as Record<string, unknown>;
    base.push(
      ['first_name', f['firstName']],
      ['last_name', f['lastName']],
      ['company', f['company']],
      ['email', f['email']],
      ['phone', f['phone']],
      ['address_line1', a['line1']],
      ['address_city', a['city']],
      ['address_country', a['country']],
      ['active', f['active'] ? 1 : 0],
      ['created_at', String(f['createdAt']).replace('T', ' ').replace('Z', '')],
    );
  } else {
    const refs = r.refs ?? {};
    base.push(
      ['line_number', f['lineNumber']],
      ['description', f['description']],
      ['quantity', f['quantity']],
      ['unit_price', f['unitPrice']],
      ['invoice_id', ids.invoices.get(refs['invoice'] ?? '')],
      ['invoice_xid', refs['invoice']],
      ['product_id', ids.products.get(refs['product'] ?? '')],
      ['product_xid', refs['product']],
    );
  }
  return [base.map(([c]) => c), base.map(([, v]) => v ?? null)];
}

function statement(
  dialect: DirectTarget['dialect'],
  table: string,
  columns: string[],
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
  return {
    parentIds: async () => ({ invoices: await idsOf('invoices'), products: await idsOf('products') }),
    async upsert(entity, records, ids, hash) {
      const table = entity === 'customers' ? 'customers' : 'invoice_lines';
      const rows = records.map((r) => rowOf(entity, r, ids, hash(r)));
      const columns = rows[0]?.[0] ?? [];
      await run.query(
        statement(target.dialect, table, columns, rows.length),
        rows.flatMap(([, v]) => v),
      );
    },
    close: run.close,
  };
}

interface Runner {
  query(sql: string, params: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

async function runner(target: DirectTarget): Promise<Runner> {
  if (target.dialect === 'postgres') {
    const client = new pg.Client({ connectionString: target.url, options: '-c TimeZone=UTC' });
    await client.connect();
    return {
      query: async (sql, params) => (await client.query(sql, params)).rows,
      close: () => client.end(),
    };
  }
  if (target.dialect === 'mysql') {
    const connection = await mysql.createConnection({ uri: target.url, timezone: 'Z' });
    return {
      query: async (sql, params) => (await connection.query(sql, params))[0] as Record<string, unknown>[],
      close: () => connection.end(),
    };
  }
  const db = new Database(target.url, { timeout: 10_000, fileMustExist: true });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
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
    close: async () => {
      db.close();
    },
  };
}

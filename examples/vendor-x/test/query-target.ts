import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { parseTarget } from '../lib/writers/target-url.ts';

/** Runs read queries on a generated database, whatever its technology (test helper). */
export interface QueryTarget {
  all(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export async function openQueryTarget(url: string): Promise<QueryTarget> {
  const target = parseTarget(url);
  switch (target.kind) {
    case 'sqlite': {
      const db = new Database(target.path, { readonly: true });
      return {
        all: async (sql) => db.prepare(sql).all() as Record<string, unknown>[],
        close: async () => void db.close(),
      };
    }
    case 'postgres': {
      const client = new pg.Client({ connectionString: target.url });
      await client.connect();
      return {
        all: async (sql) => (await client.query(sql)).rows as Record<string, unknown>[],
        close: () => client.end(),
      };
    }
    case 'mysql': {
      const connection = await mysql.createConnection({ uri: target.url, dateStrings: true });
      return {
        all: async (sql) => (await connection.query(sql))[0] as Record<string, unknown>[],
        close: () => connection.end(),
      };
    }
  }
}

/** One cell as comparable text on every technology: numbers by value, timestamps naive. */
export function normaliseCell(value: unknown): string {
  if (value === null || value === undefined) return '<null>';
  if (value instanceof Date) {
    const p = (n: number) => String(n).padStart(2, '0');
    return `${value.getFullYear()}-${p(value.getMonth() + 1)}-${p(value.getDate())} ${p(value.getHours())}:${p(value.getMinutes())}:${p(value.getSeconds())}`;
  }
  if (typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))) {
    return String(Number(value));
  }
  return String(value);
}

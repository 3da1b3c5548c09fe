import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { ShopDialect } from '../repeated-runs/shop-cursor.ts';

/** A customer row as the source holds it, read with the bare driver. */
export interface SourceCustomer {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone: string | null;
}

const SQL = 'SELECT cust_id, first_name, last_name, email, phone FROM cust';

interface RawCustomer {
  cust_id: number | string;
  first_name: string;
  last_name: string;
  email: string;
  phone: string | null;
}

/** Every row of the source's `cust` table, by id: the oracle's side of the source, read without onboard. */
export async function sourceCustomers(
  dialect: ShopDialect,
  url: string,
): Promise<Map<string, SourceCustomer>> {
  let raw: RawCustomer[];
  if (dialect === 'sqlite') {
    const db = new Database(url.replace(/^sqlite:/, ''), { readonly: true });
    try {
      raw = db.prepare(SQL).all() as RawCustomer[];
    } finally {
      db.close();
    }
  } else if (dialect === 'postgres') {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      raw = (await client.query<RawCustomer>(SQL)).rows;
    } finally {
      await client.end();
    }
  } else {
    const connection = await mysql.createConnection({ uri: url });
    try {
      raw = (await connection.query(SQL))[0] as RawCustomer[];
    } finally {
      await connection.end();
    }
  }
  return new Map(
    raw.map((row) => [
      String(row.cust_id),
      {
        id: String(row.cust_id),
        firstName: row.first_name,
        lastName: row.last_name,
        email: row.email,
        phone: row.phone,
      },
    ]),
  );
}

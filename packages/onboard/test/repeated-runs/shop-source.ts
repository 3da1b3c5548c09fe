import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@madeup/testkit';
import { type CursorColumn, cursorParam, offsetText } from './shop-cursor.ts';
import { openShopDb, type ShopDb } from './shop-db.ts';
import { type CustomerRow, type InvoiceRow, issuedAtText, type ShopEntity } from './shop-rows.ts';

/** The mapping of the shop source: two entities, invoices referring to customers, both with a cursor. */
export const SHOP_MAPPING = `version: 1
source: fuzz-shop
entities:
  customers:
    stream: cust
    id: "{cust_id}"
    cursor: changed_at
    fields:
      firstName: first_name
      lastName: last_name
      email: email
      phone: phone
  invoices:
    stream: inv
    id: "{inv_id}"
    cursor: changed_at
    fields:
      issuedAt: issued_at
      total: total
      status: status
    refs:
      customer: "{cust_id}"
`;

export const SHOP_SOURCE_NAME = 'fuzz-shop';

const TABLES: Record<ShopEntity, { table: string; key: string }> = {
  customers: { table: 'cust', key: 'cust_id' },
  invoices: { table: 'inv', key: 'inv_id' },
};

/** The text and naive timestamp column types of each technology. */
const TYPES = {
  sqlite: { text: 'TEXT', naive: 'DATETIME' },
  postgres: { text: 'text', naive: 'timestamp' },
  mysql: { text: 'VARCHAR(100)', naive: 'DATETIME' },
} as const;

/**
 * The shop's database, written row by row as the property changes the source: a SQLite file in
 * the case's folder, or a fresh, uniquely named PostgreSQL or MariaDB database dropped by `close`.
 */
export class ShopSource {
  /** The source URL onboard reads. */
  readonly url: string;
  readonly #db: ShopDb;
  readonly #database: TestDatabase | undefined;
  readonly #cursor: CursorColumn;
  readonly #zoneOffset: number;

  private constructor(
    url: string,
    db: ShopDb,
    database: TestDatabase | undefined,
    cursor: CursorColumn,
    zoneOffset: number,
  ) {
    this.url = url;
    this.#db = db;
    this.#database = database;
    this.#cursor = cursor;
    this.#zoneOffset = zoneOffset;
  }

  /**
   * Creates the database with empty tables (no foreign key: a source may hold orphans) whose
   * `changed_at` is `cursor`; naive timestamps are written as wall times of a zone `zoneOffset`
   * minutes east of UTC, the run's `--timezone`.
   */
  static async create(dir: string, cursor: CursorColumn, zoneOffset: number): Promise<ShopSource> {
    const database =
      cursor.dialect === 'sqlite' ? undefined : await createTestDatabase(cursor.dialect, 'shop');
    const url = database?.url ?? `sqlite:${join(dir, 'shop.sqlite')}`;
    let db: ShopDb | undefined;
    try {
      db = await openShopDb(cursor.dialect, url, offsetText(cursor.writerOffset));
      const { text, naive } = TYPES[cursor.dialect];
      await db.run(
        `CREATE TABLE cust (cust_id INTEGER PRIMARY KEY, first_name ${text} NOT NULL, last_name ${text} NOT NULL,
          email ${text} NOT NULL, phone ${text}, changed_at ${cursor.sqlType})`,
        [],
      );
      await db.run(
        `CREATE TABLE inv (inv_id INTEGER PRIMARY KEY, cust_id INTEGER NOT NULL, issued_at ${naive} NOT NULL,
          total ${text} NOT NULL, status ${text} NOT NULL, changed_at ${cursor.sqlType})`,
        [],
      );
      return new ShopSource(url, db, database, cursor, zoneOffset);
    } catch (error) {
      await db?.close();
      await database?.drop();
      throw error;
    }
  }

  /** Inserts or replaces a customer row. */
  async putCustomer(row: CustomerRow): Promise<void> {
    await this.#db.run('DELETE FROM cust WHERE cust_id = ?', [row.id]);
    await this.#db.run('INSERT INTO cust VALUES (?, ?, ?, ?, ?, ?)', [
      row.id,
      row.first,
      row.last,
      row.email,
      row.phone,
      cursorParam(this.#cursor, row.changedAt, this.#zoneOffset),
    ]);
  }

  /** Inserts or replaces an invoice row. */
  async putInvoice(row: InvoiceRow): Promise<void> {
    await this.#db.run('DELETE FROM inv WHERE inv_id = ?', [row.id]);
    await this.#db.run('INSERT INTO inv VALUES (?, ?, ?, ?, ?, ?)', [
      row.id,
      row.custId,
      issuedAtText(row.issuedDay),
      row.total,
      row.status,
      cursorParam(this.#cursor, row.changedAt, this.#zoneOffset),
    ]);
  }

  /** Deletes one row; throws when it was not there (the model and the source disagree). */
  async remove(entity: ShopEntity, id: number): Promise<void> {
    const { table, key } = TABLES[entity];
    const changes = await this.#db.run(`DELETE FROM ${table} WHERE ${key} = ?`, [id]);
    if (changes !== 1) throw new Error(`no ${entity} row ${id} to delete in ${this.url}`);
  }

  /** Closes the connection and drops the database. */
  async close(): Promise<void> {
    await this.#db.close();
    await this.#database?.drop();
  }
}

/** Writes the mapping next to the source. */
export function writeShopMapping(path: string): void {
  writeFileSync(path, SHOP_MAPPING);
}

import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import {
  type CursorSpelling,
  type CustomerRow,
  changedAtText,
  type InvoiceRow,
  issuedAtText,
  type ShopEntity,
} from './shop-rows.ts';

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

/** The shop's SQLite file, written row by row as the property changes the source. */
export class ShopSource {
  readonly file: string;
  readonly #db: Database.Database;
  readonly #spelling: CursorSpelling;

  /** Creates the file with empty tables (no foreign key: a source may hold orphans). */
  constructor(file: string, spelling: CursorSpelling) {
    this.file = file;
    this.#spelling = spelling;
    this.#db = new Database(file);
    this.#db.exec(`
      CREATE TABLE cust (cust_id INTEGER PRIMARY KEY, first_name TEXT NOT NULL, last_name TEXT NOT NULL,
        email TEXT NOT NULL, phone TEXT, changed_at DATETIME NOT NULL);
      CREATE TABLE inv (inv_id INTEGER PRIMARY KEY, cust_id INTEGER NOT NULL, issued_at DATETIME NOT NULL,
        total TEXT NOT NULL, status TEXT NOT NULL, changed_at DATETIME NOT NULL);`);
  }

  /** Inserts or replaces a customer row. */
  putCustomer(row: CustomerRow): void {
    this.#db
      .prepare('INSERT OR REPLACE INTO cust VALUES (?, ?, ?, ?, ?, ?)')
      .run(row.id, row.first, row.last, row.email, row.phone, changedAtText(row.changedAt, this.#spelling));
  }

  /** Inserts or replaces an invoice row. */
  putInvoice(row: InvoiceRow): void {
    this.#db
      .prepare('INSERT OR REPLACE INTO inv VALUES (?, ?, ?, ?, ?, ?)')
      .run(
        row.id,
        row.custId,
        issuedAtText(row.issuedDay),
        row.total,
        row.status,
        changedAtText(row.changedAt, this.#spelling),
      );
  }

  /** Deletes one row; throws when it was not there (the model and the file disagree). */
  remove(entity: ShopEntity, id: number): void {
    const { table, key } = TABLES[entity];
    const { changes } = this.#db.prepare(`DELETE FROM ${table} WHERE ${key} = ?`).run(id);
    if (changes !== 1) throw new Error(`no ${entity} row ${id} to delete in ${this.file}`);
  }

  close(): void {
    this.#db.close();
  }
}

/** Writes the mapping next to the source. */
export function writeShopMapping(path: string): void {
  writeFileSync(path, SHOP_MAPPING);
}

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ColumnType, VendorTable } from '../table.ts';
import type { RowChange, VendorWriter } from './vendor-writer.ts';

const q = (name: string): string => `"${name}"`;

function sqliteType(type: ColumnType): string {
  switch (type.kind) {
    case 'int':
      return 'INTEGER';
    case 'varchar':
      return `VARCHAR(${type.length})`;
    case 'char':
      return `CHAR(${type.length})`;
    case 'decimal':
      return `NUMERIC(${type.precision},${type.scale})`;
    case 'timestamp':
      return 'DATETIME';
  }
}

/** Writes into a SQLite file with prepared statements, one transaction per batch. */
export class SqliteWriter implements VendorWriter {
  readonly batchSize = 10_000;
  readonly #db: Database.Database;
  readonly #inserts = new Map<string, Database.Statement>();

  private constructor(db: Database.Database) {
    this.#db = db;
  }

  static async open(path: string): Promise<SqliteWriter> {
    mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    db.pragma('synchronous = OFF');
    return new SqliteWriter(db);
  }

  async createTables(tables: readonly VendorTable[]): Promise<void> {
    for (const table of tables) {
      const columns = table.columns.map(
        (c, i) =>
          `${q(c.name)} ${sqliteType(c.type)}${c.nullable ? '' : ' NOT NULL'}${i === 0 ? ' PRIMARY KEY' : ''}`,
      );
      this.#db.exec(
        `DROP TABLE IF EXISTS ${q(table.name)}; CREATE TABLE ${q(table.name)} (${columns.join(', ')})`,
      );
      const names = table.columns.map((c) => q(c.name)).join(', ');
      const marks = table.columns.map(() => '?').join(', ');
      this.#inserts.set(
        table.name,
        this.#db.prepare(`INSERT INTO ${q(table.name)} (${names}) VALUES (${marks})`),
      );
    }
  }

  async insert(table: VendorTable, rows: readonly (string | number | null)[][]): Promise<void> {
    const statement = this.#inserts.get(table.name);
    if (statement === undefined) throw new Error(`table ${table.name} was not created by this writer`);
    this.#db.transaction(() => {
      for (const row of rows) statement.run(row);
    })();
  }

  async update(
    table: VendorTable,
    column: string,
    changes: readonly RowChange[],
    lastModified: string,
  ): Promise<void> {
    const key = table.columns[0]?.name ?? '';
    const statement = this.#db.prepare(
      `UPDATE ${q(table.name)} SET ${q(column)} = ?, "last_modified" = ? WHERE ${q(key)} = ?`,
    );
    this.#db.transaction(() => {
      for (const change of changes) statement.run(change.value, lastModified, change.id);
    })();
  }

  async finish(tables: readonly VendorTable[]): Promise<void> {
    for (const table of tables) {
      for (const column of table.indexed) {
        this.#db.exec(`CREATE INDEX ${q(`${table.name}_${column}_idx`)} ON ${q(table.name)} (${q(column)})`);
      }
    }
    this.#db.exec('ANALYZE');
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}

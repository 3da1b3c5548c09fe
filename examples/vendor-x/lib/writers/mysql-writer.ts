import mysql from 'mysql2/promise';
import type { Cell, ColumnType, VendorTable } from '../table.ts';
import type { RowChange, VendorWriter } from './vendor-writer.ts';

const q = (name: string): string => `\`${name}\``;

function mysqlType(type: ColumnType): string {
  switch (type.kind) {
    case 'int':
      return 'INT';
    case 'varchar':
      return `VARCHAR(${type.length})`;
    case 'char':
      return `CHAR(${type.length})`;
    case 'decimal':
      return `DECIMAL(${type.precision},${type.scale})`;
    case 'timestamp':
      return 'DATETIME';
  }
}

/** Writes into MySQL/MariaDB with one multi-row `INSERT … VALUES (…), (…)` per batch. */
export class MysqlWriter implements VendorWriter {
  readonly batchSize = 2000;
  readonly #connection: mysql.Connection;

  private constructor(connection: mysql.Connection) {
    this.#connection = connection;
  }

  static async open(url: string): Promise<MysqlWriter> {
    const connection = await mysql.createConnection({ uri: url, dateStrings: true });
    connection.on('error', () => {});
    return new MysqlWriter(connection);
  }

  async createTables(tables: readonly VendorTable[]): Promise<void> {
    for (const table of tables) {
      const columns = table.columns.map(
        (c, i) =>
          `${q(c.name)} ${mysqlType(c.type)}${c.nullable ? '' : ' NOT NULL'}${i === 0 ? ' PRIMARY KEY' : ''}`,
      );
      await this.#connection.query(`DROP TABLE IF EXISTS ${q(table.name)}`);
      await this.#connection.query(
        `CREATE TABLE ${q(table.name)} (${columns.join(', ')}) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      );
    }
  }

  async insert(table: VendorTable, rows: readonly Cell[][]): Promise<void> {
    const names = table.columns.map((c) => q(c.name)).join(', ');
    await this.#connection.query(`INSERT INTO ${q(table.name)} (${names}) VALUES ?`, [rows]);
  }

  async update(
    table: VendorTable,
    column: string,
    changes: readonly RowChange[],
    lastModified: string,
  ): Promise<void> {
    const key = table.columns[0]?.name ?? '';
    await this.#connection.beginTransaction();
    try {
      for (const change of changes) {
        await this.#connection.query(
          `UPDATE ${q(table.name)} SET ${q(column)} = ?, \`last_modified\` = ? WHERE ${q(key)} = ?`,
          [change.value, lastModified, change.id],
        );
      }
      await this.#connection.commit();
    } catch (error) {
      await this.#connection.rollback();
      throw error;
    }
  }

  async finish(tables: readonly VendorTable[]): Promise<void> {
    for (const table of tables) {
      if (table.indexed.length > 0) {
        const adds = table.indexed.map((c) => `ADD INDEX ${q(`${table.name}_${c}_idx`)} (${q(c)})`);
        await this.#connection.query(`ALTER TABLE ${q(table.name)} ${adds.join(', ')}`);
      }
      await this.#connection.query(`ANALYZE TABLE ${q(table.name)}`);
    }
  }

  async close(): Promise<void> {
    await this.#connection.end();
  }
}

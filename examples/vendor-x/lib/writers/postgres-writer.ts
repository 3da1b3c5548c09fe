import pg from 'pg';
import type { Cell, ColumnType, VendorTable } from '../table.ts';
import type { RowChange, VendorWriter } from './vendor-writer.ts';

const q = (name: string): string => `"${name}"`;

function postgresType(type: ColumnType): string {
  switch (type.kind) {
    case 'int':
      return 'integer';
    case 'varchar':
      return `varchar(${type.length})`;
    case 'char':
      return `char(${type.length})`;
    case 'decimal':
      return `numeric(${type.precision},${type.scale})`;
    case 'timestamp':
      return 'timestamp';
  }
}

/** The array type `unnest` reads a column from: text for everything but integers. */
const arrayType = (type: ColumnType): string => (type.kind === 'int' ? 'int4[]' : 'text[]');

/**
 * Writes into PostgreSQL with one `INSERT … SELECT FROM unnest($1, $2, …)` per batch: one array
 * parameter per column, so a batch is one round trip whatever its size.
 */
export class PostgresWriter implements VendorWriter {
  readonly batchSize = 5000;
  readonly #client: pg.Client;

  private constructor(client: pg.Client) {
    this.#client = client;
  }

  static async open(url: string): Promise<PostgresWriter> {
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => {});
    await client.connect();
    await client.query('SET synchronous_commit = off');
    return new PostgresWriter(client);
  }

  async createTables(tables: readonly VendorTable[]): Promise<void> {
    for (const table of tables) {
      const columns = table.columns.map(
        (c, i) =>
          `${q(c.name)} ${postgresType(c.type)}${c.nullable ? '' : ' NOT NULL'}${i === 0 ? ' PRIMARY KEY' : ''}`,
      );
      await this.#client.query(`DROP TABLE IF EXISTS ${q(table.name)}`);
      await this.#client.query(`CREATE TABLE ${q(table.name)} (${columns.join(', ')})`);
    }
  }

  async insert(table: VendorTable, rows: readonly Cell[][]): Promise<void> {
    const columns = table.columns.map((): Cell[] => new Array(rows.length));
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r] as Cell[];
      for (let c = 0; c < columns.length; c++) (columns[c] as Cell[])[r] = row[c] as Cell;
    }
    const names = table.columns.map((c) => q(c.name)).join(', ');
    const casts = table.columns.map((c, i) => `$${i + 1}::${arrayType(c.type)}`).join(', ');
    const select = table.columns.map((c, i) => `u.c${i}::${postgresType(c.type)}`).join(', ');
    const aliases = table.columns.map((_, i) => `c${i}`).join(', ');
    await this.#client.query(
      `INSERT INTO ${q(table.name)} (${names}) SELECT ${select} FROM unnest(${casts}) AS u(${aliases})`,
      columns,
    );
  }

  async update(
    table: VendorTable,
    column: string,
    changes: readonly RowChange[],
    lastModified: string,
  ): Promise<void> {
    const key = table.columns[0]?.name ?? '';
    const type = table.columns.find((c) => c.name === column)?.type;
    if (type === undefined) throw new Error(`${table.name} has no column ${column}`);
    await this.#client.query(
      `UPDATE ${q(table.name)} AS t SET ${q(column)} = u.v::${postgresType(type)}, "last_modified" = $3::timestamp
         FROM unnest($1::int4[], $2::text[]) AS u(id, v) WHERE t.${q(key)} = u.id`,
      [changes.map((c) => c.id), changes.map((c) => c.value), lastModified],
    );
  }

  async finish(tables: readonly VendorTable[]): Promise<void> {
    for (const table of tables) {
      for (const column of table.indexed) {
        await this.#client.query(`CREATE INDEX ON ${q(table.name)} (${q(column)})`);
      }
      await this.#client.query(`ANALYZE ${q(table.name)}`);
    }
  }

  async close(): Promise<void> {
    await this.#client.end();
  }
}

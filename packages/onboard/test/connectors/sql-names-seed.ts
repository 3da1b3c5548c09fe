import type { DialectName } from '@madeup/testkit';
import type { NamedColumn, NamedRow, NamedSchema, NameType } from './sql-names.ts';

/**
 * The DDL and rows of a `NamedSchema`, written here with the test's own quoting (not the
 * connectors' dialects, which are under test).
 */

const TYPES: Record<DialectName, Record<NameType, string>> = {
  postgres: { integer: 'INTEGER', bigint: 'BIGINT', string: 'VARCHAR(40)' },
  mysql: { integer: 'INT', bigint: 'BIGINT', string: 'VARCHAR(40)' },
  sqlite: { integer: 'INTEGER', bigint: 'BIGINT', string: 'VARCHAR(40)' },
};

/** An identifier quoted for the dialect: the quote character doubled inside. */
export function q(dialect: DialectName, name: string): string {
  const mark = dialect === 'mysql' ? '`' : '"';
  return mark + name.replaceAll(mark, mark + mark) + mark;
}

/** The table as the dialect names it in SQL (PostgreSQL: schema-qualified). */
export function tableSql(dialect: DialectName, schema: string, table: string): string {
  return dialect === 'postgres' ? `${q(dialect, schema)}.${q(dialect, table)}` : q(dialect, table);
}

/**
 * The stream name discovery must give the table (docs/connectors.md): PostgreSQL `schema.table`,
 * each part that holds a `.` or `"` in double quotes with its quotes doubled.
 */
export function streamName(dialect: DialectName, schema: string, table: string): string {
  const part = (name: string) => (name.includes('.') || name.includes('"') ? q('postgres', name) : name);
  return dialect === 'postgres' ? `${part(schema)}.${part(table)}` : table;
}

function literal(value: number | string | null): string {
  if (value === null) return 'NULL';
  return typeof value === 'number' ? String(value) : `'${value.replaceAll("'", "''")}'`;
}

function columnsSql(dialect: DialectName, columns: readonly NamedColumn[], key: readonly string[]): string[] {
  return columns.map(
    (c) => `${q(dialect, c.name)} ${TYPES[dialect][c.type]}${key.includes(c.name) ? ' NOT NULL' : ''}`,
  );
}

/** Statements creating both tables and the parent's rows. */
export function createSql(dialect: DialectName, schema: NamedSchema, rows: readonly NamedRow[]): string[] {
  const parent = tableSql(dialect, schema.schema, schema.parent);
  const child = tableSql(dialect, schema.childSchema, schema.child);
  const list = (names: readonly string[]) => names.map((n) => q(dialect, n)).join(', ');
  return [
    ...(dialect === 'postgres' ? [`CREATE SCHEMA ${q(dialect, schema.schema)}`] : []),
    `CREATE TABLE ${parent} (${[
      ...columnsSql(dialect, schema.columns, schema.key),
      `PRIMARY KEY (${list(schema.key)})`,
    ].join(', ')})`,
    `CREATE TABLE ${child} (${[
      ...columnsSql(dialect, schema.childColumns, []),
      `CONSTRAINT ${q(dialect, schema.constraint)} FOREIGN KEY (${list(schema.foreignKey)}) REFERENCES ${parent} (${list(schema.key)})`,
    ].join(', ')})`,
    ...(rows.length > 0
      ? [`INSERT INTO ${parent} VALUES ${rows.map((row) => `(${row.map(literal).join(', ')})`).join(', ')}`]
      : []),
  ];
}

/** Statements dropping what `createSql` made. */
export function dropSql(dialect: DialectName, schema: NamedSchema): string[] {
  return [
    `DROP TABLE IF EXISTS ${tableSql(dialect, schema.childSchema, schema.child)}`,
    dialect === 'postgres'
      ? `DROP SCHEMA IF EXISTS ${q(dialect, schema.schema)} CASCADE`
      : `DROP TABLE IF EXISTS ${tableSql(dialect, schema.schema, schema.parent)}`,
  ];
}

import type { DialectName, TestDatabase } from '@madeup/testkit';
import fc from 'fast-check';
import type { CustomQuery } from '../../src/connectors/connector.ts';
import { KEY_TYPES, type KeyType } from './partition-keys.ts';
import { execSql } from './sql-exec.ts';

/** How the table is read: as the table, or through a custom query whose key is detected or declared. */
export type StreamKind = 'table' | 'detected' | 'declared';

/** A random table: 1-3 key columns, a unique `tag` per row (the rows' identity), its rows as SQL literals. */
export interface PartitionTable {
  readonly types: readonly KeyType[];
  /** Whether the key columns are the table's primary key (else it has none). */
  readonly primaryKey: boolean;
  readonly rows: readonly (readonly string[])[];
  readonly stream: StreamKind;
}

/** Key column names: `k0`, `k1`, ... */
export const keyColumns = (table: PartitionTable) => table.types.map((_, i) => `k${i}`);

/**
 * Tables of `dialect`: mostly few rows (every boundary in reach of tiny partitions), sometimes up
 * to 60. NULL key values where the table may hold them: no primary key, or a SQLite primary key
 * that is not the rowid (SQLite lets such a key hold nulls).
 */
export function partitionTable(dialect: DialectName): fc.Arbitrary<PartitionTable> {
  const types = KEY_TYPES[dialect];
  return fc
    .record({
      types: fc.array(fc.constantFrom(...types), { minLength: 1, maxLength: 3 }),
      primaryKey: fc.constantFrom(true, true, true, false),
      stream: fc.constantFrom<StreamKind>('table', 'table', 'detected', 'declared'),
    })
    .chain(({ types: picked, primaryKey, stream }) => {
      const nulls = !primaryKey || dialect === 'sqlite';
      const column = (type: KeyType) =>
        nulls
          ? fc.oneof({ arbitrary: type.literal, weight: 6 }, { arbitrary: fc.constant('NULL'), weight: 1 })
          : type.literal;
      const row = fc.tuple(...picked.map(column));
      return fc
        .oneof(
          { arbitrary: fc.array(row, { maxLength: 12 }), weight: 3 },
          { arbitrary: fc.array(row, { maxLength: 60 }), weight: 1 },
        )
        .map((rows) => ({ types: picked, primaryKey, rows, stream }));
    });
}

/** The DDL and inserts of a table named `name` (`tag` is each row's position). */
export function tableSql(dialect: DialectName, name: string, table: PartitionTable): string[] {
  const keys = keyColumns(table);
  const columns = table.types.map((type, i) => `${keys[i]} ${type.ddl}`);
  const primary = table.primaryKey ? [`PRIMARY KEY (${keys.join(', ')})`] : [];
  const statements = [
    `CREATE TABLE ${name} (${[...columns, 'tag INTEGER NOT NULL', ...primary].join(', ')})`,
  ];
  if (dialect === 'mysql') statements.unshift("SET time_zone = '+00:00'");
  for (let i = 0; i < table.rows.length; i += 200) {
    const values = table.rows
      .slice(i, i + 200)
      .map((row, j) => `(${[...row, String(i + j)].join(', ')})`)
      .join(', ');
    statements.push(
      dialect === 'postgres'
        ? `INSERT INTO ${name} VALUES ${values} ON CONFLICT DO NOTHING`
        : dialect === 'mysql'
          ? `INSERT INTO ${name} VALUES ${values} ON DUPLICATE KEY UPDATE tag = tag`
          : `INSERT OR IGNORE INTO ${name} VALUES ${values}`,
    );
  }
  return statements;
}

/** The custom query the case reads instead of the table, if any. */
export function customQuery(name: string, table: PartitionTable): CustomQuery | undefined {
  if (table.stream === 'table') return undefined;
  const sql = `SELECT * FROM ${name}`;
  return table.stream === 'declared'
    ? { name: `${name}_q`, sql, primaryKey: keyColumns(table) }
    : { name: `${name}_q`, sql };
}

/**
 * What the database holds, read with the bare driver: each row's tag with its rank in the key's
 * order, as the database orders and compares it (`DENSE_RANK`: rows equal in the key share a rank,
 * NULLs as `ORDER BY` puts them).
 */
export async function storedRanks(
  database: TestDatabase,
  name: string,
  table: PartitionTable,
): Promise<Map<number, number>> {
  const order = keyColumns(table).join(', ');
  const [rows = []] = await execSql(database, [
    `SELECT tag, DENSE_RANK() OVER (ORDER BY ${order}) FROM ${name}`,
  ]);
  return new Map(rows.map((row) => [Number((row as unknown[])[0]), Number((row as unknown[])[1])]));
}

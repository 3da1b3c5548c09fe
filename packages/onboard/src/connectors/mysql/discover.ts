import type { Pool } from 'mysql2';
import type { CustomQuery, StreamInfo } from '../connector.ts';
import { buildSqlStream } from '../shared/build-sql-stream.ts';
import type { SqlStream } from '../shared/sql-driver.ts';
import { mysqlDialect } from './dialect.ts';
import { type MysqlType, mysqlColumnSpec, mysqlTypeOfField } from './normalise.ts';
import { poolQuery } from './pool-query.ts';

const TABLES = `SELECT TABLE_NAME, TABLE_TYPE, TABLE_ROWS FROM information_schema.TABLES
 WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME`;
const COLUMNS = `SELECT TABLE_NAME, COLUMN_NAME, LOWER(DATA_TYPE), LOWER(COLUMN_TYPE), IS_NULLABLE
  FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`;
const KEYS = `SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE
 WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY TABLE_NAME, ORDINAL_POSITION`;
/** MariaDB declares JSON columns as longtext with a json_valid() check. */
const JSON_CHECKS = `SELECT TABLE_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS
 WHERE CONSTRAINT_SCHEMA = DATABASE() AND CHECK_CLAUSE LIKE 'json_valid(%'`;

type Column = MysqlType & { name: string; native: string; nullable: boolean };

/** Tables and views of the URL's database (names as the server spells them) plus custom queries. */
export async function discoverMysql(pool: Pool, queries: readonly CustomQuery[]): Promise<SqlStream[]> {
  const tables = (await poolQuery(pool, TABLES)).rows as [string, string, number | null][];
  const columns = (await poolQuery(pool, COLUMNS)).rows as [string, string, string, string, string][];
  const keys = (await poolQuery(pool, KEYS)).rows as [string, string][];
  const jsonChecks = await poolQuery(pool, JSON_CHECKS).then(
    (result) => result.rows as [string, string][],
    () => [] as [string, string][],
  );
  const streams = tables.map(([table, type, estimate]) => {
    const own: Column[] = columns
      .filter(([t]) => t === table)
      .map(([, name, dataType, columnType, nullable]) => ({
        name,
        dataType,
        columnType,
        native: columnType,
        nullable: nullable === 'YES',
        json: jsonChecks.some(
          ([t, clause]) => t === table && clause.replaceAll('`', '') === `json_valid(${name})`,
        ),
      }));
    return build(
      { name: table, kind: type === 'VIEW' ? 'view' : 'table' },
      mysqlDialect.quote(table),
      own,
      keys.filter(([t]) => t === table).map(([, name]) => name),
      type === 'VIEW' || estimate === null ? undefined : Number(estimate),
    );
  });
  for (const query of queries) streams.push(await discoverQuery(pool, query));
  return streams;
}

async function discoverQuery(pool: Pool, query: CustomQuery): Promise<SqlStream> {
  const from = `(${query.sql.trim().replace(/;\s*$/, '')}) AS onboard_query`;
  const { fields } = await poolQuery(pool, `SELECT * FROM ${from} LIMIT 0`);
  const columns = fields.map((field) => {
    const type = mysqlTypeOfField(field as never);
    return { ...type, name: field.name, native: type.columnType, nullable: true };
  });
  return build({ name: query.name, kind: 'query' }, from, columns, query.primaryKey ?? [], undefined);
}

function build(
  head: Pick<StreamInfo, 'name' | 'kind'>,
  from: string,
  columns: readonly Column[],
  primaryKey: readonly string[],
  estimatedRows: number | undefined,
): SqlStream {
  return buildSqlStream(
    head,
    from,
    columns.map((c) => ({
      name: c.name,
      nativeType: c.native,
      nullable: c.nullable,
      spec: mysqlColumnSpec(c, c.name),
    })),
    primaryKey,
    estimatedRows,
  );
}

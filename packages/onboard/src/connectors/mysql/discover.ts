import type { Pool } from 'mysql2';
import type { CustomQuery, StreamInfo } from '../connector.ts';
import { buildSqlStream } from '../shared/build-sql-stream.ts';
import { queryFrom, queryKey } from '../shared/query-key.ts';
import type { SqlStream } from '../shared/sql-driver.ts';
import { withForeignKeys } from '../shared/with-foreign-keys.ts';
import { mysqlDialect } from './dialect.ts';
import { type MysqlType, mysqlColumnSpec, mysqlTypeOfField } from './normalise.ts';
import { poolQuery } from './pool-query.ts';

const TABLES = `SELECT TABLE_NAME, TABLE_TYPE, TABLE_ROWS FROM information_schema.TABLES
 WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME`;
const COLUMNS = `SELECT TABLE_NAME, COLUMN_NAME, LOWER(DATA_TYPE), LOWER(COLUMN_TYPE), IS_NULLABLE
  FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`;
const KEYS = `SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE
 WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY TABLE_NAME, ORDINAL_POSITION`;
const FOREIGN_KEYS = `SELECT CONSTRAINT_NAME, TABLE_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
  FROM information_schema.KEY_COLUMN_USAGE
 WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL
 ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`;
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
  const found = tables.map(([table, type, estimate]) => {
    const own: Column[] = columns
      .filter(([t]) => t === table)
      .map(([, name, dataType, columnType, nullable]) => ({
        name,
        dataType,
        columnType,
        native: columnType,
        nullable: nullable === 'YES',
        // The check names the column quoted (its backticks doubled); older servers may leave it bare.
        json: jsonChecks.some(
          ([t, clause]) =>
            t === table &&
            (clause === `json_valid(${mysqlDialect.quote(name)})` || clause === `json_valid(${name})`),
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
  const foreign = (await poolQuery(pool, FOREIGN_KEYS)).rows as [string, string, string, string, string][];
  const streams = withForeignKeys(
    found,
    foreign.map(([constraint, table, column, target, targetColumn]) => ({
      constraint,
      table,
      column,
      target,
      targetColumn,
    })),
    (stream) => stream.info.name,
  );
  for (const query of queries) streams.push(await discoverQuery(pool, query));
  return streams;
}

async function discoverQuery(pool: Pool, query: CustomQuery): Promise<SqlStream> {
  const from = queryFrom(query);
  const { fields } = await poolQuery(pool, `SELECT * FROM ${from} LIMIT 0`);
  const columns = fields.map((field) => {
    const type = mysqlTypeOfField(field as never);
    return { ...type, name: field.name, native: type.columnType, nullable: true };
  });
  // Columns that are part of their table's primary key (PRI_KEY_FLAG): the tuple of the keys of
  // every table the query joins is its natural key. Whether it is unique is checked when partitioning.
  const detected = fields
    .filter((field) => ((field.flags as number) & PRI_KEY_FLAG) !== 0)
    .map((f) => f.name);
  const key = queryKey(query, detected);
  return build(
    { name: query.name, kind: 'query' },
    from,
    columns,
    key.key,
    // An estimate is a hint: a source that refuses EXPLAIN (a view without SHOW VIEW) gives none.
    await estimateRows(pool, from).catch(() => undefined),
    key.source,
  );
}

/** mysql2's column flag of a primary key part. */
const PRI_KEY_FLAG = 2;

/**
 * The optimizer's row estimate for the query (`EXPLAIN`, nothing run): the product, over the
 * tables of the outermost select, of their estimated rows (times `filtered` %, where given).
 */
async function estimateRows(pool: Pool, from: string): Promise<number | undefined> {
  const { rows, fields } = await poolQuery(pool, `EXPLAIN SELECT * FROM ${from}`);
  const at = (name: string) => fields.findIndex((field) => field.name.toLowerCase() === name);
  const [id, estimate, filtered] = [at('id'), at('rows'), at('filtered')];
  if (id < 0 || estimate < 0 || rows.length === 0) return undefined;
  const outer = rows.filter((row) => String(row[id]) === String(rows[0]?.[id]));
  let product = 1;
  for (const row of outer) {
    const n = Number(row[estimate]);
    if (!Number.isFinite(n)) return undefined;
    product *= n * (filtered >= 0 && row[filtered] !== null ? Number(row[filtered]) / 100 : 1);
  }
  return Number.isFinite(product) ? Math.round(product) : undefined;
}

function build(
  head: Pick<StreamInfo, 'name' | 'kind'>,
  from: string,
  columns: readonly Column[],
  primaryKey: readonly string[],
  estimatedRows: number | undefined,
  keySource?: SqlStream['keySource'],
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
    keySource,
  );
}

import type pg from 'pg';
import type { CustomQuery, StreamInfo } from '../connector.ts';
import { buildSqlStream } from '../shared/build-sql-stream.ts';
import { queryFrom, queryKey } from '../shared/query-key.ts';
import type { SqlStream } from '../shared/sql-driver.ts';
import { type ForeignKeyColumn, withForeignKeys } from '../shared/with-foreign-keys.ts';
import { qualifiedStreamName } from '../stream-name.ts';
import { postgresDialect } from './dialect.ts';
import { type PostgresType, postgresColumnSpec } from './normalise.ts';

const RELATIONS = `
SELECT c.oid, n.nspname AS schema, c.relname AS name, c.relkind AS kind, CASE WHEN c.reltuples >= 0 THEN c.reltuples::float8
       ELSE (SELECT s.n_live_tup::float8 FROM pg_stat_user_tables s WHERE s.relid = c.oid) END AS estimate
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r','v','m','p','f') AND NOT c.relispartition
   AND n.nspname NOT IN ('pg_catalog','information_schema') AND n.nspname NOT LIKE 'pg_toast%'
   AND n.nspname NOT LIKE 'pg_temp%' AND has_table_privilege(c.oid, 'SELECT')
 ORDER BY n.nspname, c.relname`;

/**
 * The facts of `pg_type t` that `PostgresType` holds, through domains to their base type (`b`), and
 * for arrays to their element type (`e`, itself through a domain: `eb`).
 */
const TYPE_FACTS = `coalesce(b.typname, t.typname) AS typname, coalesce(b.typtype, t.typtype) AS typtype,
       coalesce(b.typcategory, t.typcategory) AS category, coalesce(eb.typname, e.typname) AS elem_typname,
       coalesce(eb.typtype, e.typtype) AS elem_typtype, coalesce(eb.typcategory, e.typcategory) AS elem_category`;
const TYPE_JOINS = `
  LEFT JOIN pg_type b ON t.typtype = 'd' AND b.oid = t.typbasetype
  LEFT JOIN pg_type e ON coalesce(b.typcategory, t.typcategory) = 'A' AND e.oid = coalesce(b.typelem, t.typelem)
  LEFT JOIN pg_type eb ON e.typtype = 'd' AND eb.oid = e.typbasetype`;

const COLUMNS = `
SELECT a.attrelid AS oid, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS native,
       a.attnotnull AS notnull, ${TYPE_FACTS}
  FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid ${TYPE_JOINS}
 WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attrelid = ANY($1::oid[])
 ORDER BY a.attrelid, a.attnum`;

const PRIMARY_KEYS = `
SELECT con.conrelid AS oid, a.attname AS name
  FROM pg_constraint con
 CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
 WHERE con.contype = 'p' AND con.conrelid = ANY($1::oid[])
 ORDER BY con.conrelid, k.ord`;

const FOREIGN_KEYS = `
SELECT con.oid::text AS constraint, sn.nspname AS schema, src.relname AS table, a.attname AS column,
       tn.nspname AS "targetSchema", tgt.relname AS target, ta.attname AS "targetColumn"
  FROM pg_constraint con
 CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, fattnum, ord)
  JOIN pg_class src ON src.oid = con.conrelid JOIN pg_namespace sn ON sn.oid = src.relnamespace
  JOIN pg_class tgt ON tgt.oid = con.confrelid JOIN pg_namespace tn ON tn.oid = tgt.relnamespace
  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
  JOIN pg_attribute ta ON ta.attrelid = con.confrelid AND ta.attnum = k.fattnum
 WHERE con.contype = 'f' AND con.conrelid = ANY($1::oid[])
 ORDER BY con.oid, k.ord`;

/** A row of TYPE_FACTS. */
interface TypeFacts {
  typname: string;
  typtype: string;
  category: string;
  elem_typname: string | null;
  elem_typtype: string | null;
  elem_category: string | null;
}

interface ColumnRow extends TypeFacts {
  oid: number;
  name: string;
  native: string;
  notnull: boolean;
}

function postgresType(facts: TypeFacts): PostgresType {
  const { typname, typtype, category, elem_typname, elem_typtype, elem_category } = facts;
  return {
    typname,
    typtype,
    category,
    ...(elem_typname !== null && elem_typtype !== null && elem_category !== null
      ? { element: { typname: elem_typname, typtype: elem_typtype, category: elem_category } }
      : {}),
  };
}

/** A row of FOREIGN_KEYS: the tables' schemas and names apart, joined as stream names in JS. */
interface ForeignKeyRow {
  constraint: string;
  schema: string;
  table: string;
  column: string;
  targetSchema: string;
  target: string;
  targetColumn: string;
}

/**
 * Tables, views, materialised views and the custom queries, named `schema.table`; a part holding
 * a dot or a quote is written quoted (`"a.b".c`), so two tables never share a name (`stream-name.ts`).
 */
export async function discoverPostgres(pool: pg.Pool, queries: readonly CustomQuery[]): Promise<SqlStream[]> {
  const relations = (
    await pool.query<{ oid: number; schema: string; name: string; kind: string; estimate: number | null }>(
      RELATIONS,
    )
  ).rows;
  const oids = relations.map((r) => r.oid);
  const columns = (await pool.query<ColumnRow>(COLUMNS, [oids])).rows;
  const keys = (await pool.query<{ oid: number; name: string }>(PRIMARY_KEYS, [oids])).rows;
  const tables = relations.map((relation): SqlStream => {
    const own = columns.filter((c) => c.oid === relation.oid);
    const name = qualifiedStreamName([relation.schema, relation.name]);
    return build(
      {
        name,
        kind: relation.kind === 'r' || relation.kind === 'p' || relation.kind === 'f' ? 'table' : 'view',
      },
      `${postgresDialect.quote(relation.schema)}.${postgresDialect.quote(relation.name)}`,
      own.map((c) => ({ ...postgresType(c), name: c.name, native: c.native, nullable: !c.notnull })),
      keys.filter((k) => k.oid === relation.oid).map((k) => k.name),
      relation.estimate !== null && relation.estimate >= 0 ? Math.round(relation.estimate) : undefined,
    );
  });
  const foreign = (await pool.query<ForeignKeyRow>(FOREIGN_KEYS, [oids])).rows.map(
    (row): ForeignKeyColumn => ({
      constraint: row.constraint,
      table: qualifiedStreamName([row.schema, row.table]),
      column: row.column,
      target: qualifiedStreamName([row.targetSchema, row.target]),
      targetColumn: row.targetColumn,
    }),
  );
  const streams = withForeignKeys(tables, foreign, (stream) => stream.info.name);
  for (const query of queries) streams.push(await discoverQuery(pool, query));
  return streams;
}

async function discoverQuery(pool: pg.Pool, query: CustomQuery): Promise<SqlStream> {
  const from = queryFrom(query);
  const result = await pool.query({ text: `SELECT * FROM ${from} LIMIT 0`, rowMode: 'array' });
  const oids = [...new Set(result.fields.map((f) => f.dataTypeID))];
  const types = (
    await pool.query<TypeFacts & { oid: number; native: string }>(
      `SELECT t.oid, format_type(t.oid, NULL) AS native, ${TYPE_FACTS}
         FROM pg_type t ${TYPE_JOINS} WHERE t.oid = ANY($1::oid[])`,
      [oids],
    )
  ).rows;
  const columns = result.fields.map((field) => {
    const type = types.find((t) => t.oid === field.dataTypeID);
    return {
      ...(type ? postgresType(type) : { typname: 'unknown', typtype: 'b', category: 'X' }),
      native: type?.native ?? 'unknown',
      name: field.name,
      nullable: true,
    };
  });
  const key = queryKey(query, query.primaryKey ? [] : await detectKey(pool, result.fields));
  return build(
    { name: query.name, kind: 'query' },
    from,
    columns,
    key.key,
    // An estimate is a hint: a source that refuses EXPLAIN gives none, and the query is still read.
    await estimateRows(pool, from).catch(() => undefined),
    key.source,
  );
}

/** Primary keys of the given tables: attribute numbers in key order. */
const KEY_ATTRIBUTES = `
SELECT con.conrelid AS oid, k.attnum::int AS attnum
  FROM pg_constraint con CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
 WHERE con.contype = 'p' AND con.conrelid = ANY($1::oid[])
 ORDER BY con.conrelid, k.ord`;

/**
 * The result columns that carry the whole primary key of one of the tables the query reads
 * (PostgreSQL says each result column's table and attribute), in key order: the first such table
 * in column order. Whether it is unique in the result is checked when partitioning.
 */
async function detectKey(
  pool: pg.Pool,
  fields: readonly { name: string; tableID: number; columnID: number }[],
): Promise<string[]> {
  const tables = [...new Set(fields.map((f) => f.tableID).filter((oid) => oid > 0))];
  if (tables.length === 0) return [];
  const keys = (await pool.query<{ oid: number; attnum: number }>(KEY_ATTRIBUTES, [tables])).rows;
  for (const table of tables) {
    const attributes = keys.filter((k) => k.oid === table).map((k) => k.attnum);
    const names = attributes.map(
      (attnum) => fields.find((f) => f.tableID === table && f.columnID === attnum)?.name,
    );
    if (names.length > 0 && names.every((name) => name !== undefined)) return names as string[];
  }
  return [];
}

/** The planner's row estimate for the query (`EXPLAIN`, nothing run); undefined when it gives none. */
async function estimateRows(pool: pg.Pool, from: string): Promise<number | undefined> {
  const text = (await pool.query({ text: `EXPLAIN (FORMAT JSON) SELECT * FROM ${from}`, rowMode: 'array' }))
    .rows[0]?.[0];
  // JSON arrives as its text (see pg-types.ts).
  const plan = (typeof text === 'string' ? JSON.parse(text) : text) as
    | [{ Plan?: { 'Plan Rows'?: unknown } }]
    | undefined;
  const rows = plan?.[0]?.Plan?.['Plan Rows'];
  return typeof rows === 'number' && Number.isFinite(rows) ? Math.round(rows) : undefined;
}

function build(
  head: Pick<StreamInfo, 'name' | 'kind'>,
  from: string,
  columns: readonly (PostgresType & { name: string; native: string; nullable: boolean })[],
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
      spec: postgresColumnSpec(c, c.name),
    })),
    primaryKey,
    estimatedRows,
    keySource,
  );
}

import type Database from 'better-sqlite3';
import type { CustomQuery, StreamInfo } from '../connector.ts';
import { buildSqlStream } from '../shared/build-sql-stream.ts';
import { queryFrom, queryKey } from '../shared/query-key.ts';
import type { SqlStream } from '../shared/sql-driver.ts';
import { type ForeignKeyColumn, withForeignKeys } from '../shared/with-foreign-keys.ts';
import { sqliteDialect } from './dialect.ts';
import { sqliteColumnSpec } from './normalise.ts';
import { sampleStorageClasses } from './storage-classes.ts';

interface Column {
  name: string;
  declared: string | null;
  nullable: boolean;
  /** The table's `INTEGER PRIMARY KEY`: the rowid itself, which holds integers only. */
  rowid?: boolean;
}

/** Tables and views (exact row counts: SQLite keeps no statistics by default) plus custom queries. */
export function discoverSqlite(db: Database.Database, queries: readonly CustomQuery[]): SqlStream[] {
  const relations = db
    .prepare(
      "SELECT name, type FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all() as { name: string; type: string }[];
  const tables = relations.map((relation) => {
    const info = db
      .prepare('SELECT name, type, "notnull", pk FROM pragma_table_info(?) ORDER BY cid')
      .all(relation.name) as {
      name: string;
      type: string;
      notnull: bigint;
      pk: bigint;
    }[];
    const key = info
      .filter((c) => c.pk > 0n)
      .sort((a, b) => Number(a.pk - b.pk))
      .map((c) => c.name);
    const from = sqliteDialect.quote(relation.name);
    const kind = keyKind(db, relation.name, info, key);
    const count =
      relation.type === 'table'
        ? (db.prepare(`SELECT count(*) FROM ${from}`).pluck().get() as bigint)
        : undefined;
    return build(
      db,
      { name: relation.name, kind: relation.type === 'view' ? 'view' : 'table' },
      from,
      info.map((c) => ({
        name: c.name,
        declared: c.type,
        nullable: c.notnull === 0n && (kind.nulls || !key.includes(c.name)),
        ...(kind.rowid && c.name === key[0] ? { rowid: true } : {}),
      })),
      key,
      count === undefined ? undefined : Number(count),
    );
  });
  const streams = withForeignKeys(tables, foreignKeys(db, relations), (stream) => stream.info.name);
  for (const query of queries) {
    const from = queryFrom(query);
    const columns = db.prepare(`SELECT * FROM ${from} LIMIT 0`).columns();
    const key = queryKey(query, query.primaryKey ? [] : detectKey(db, columns));
    const count = db.prepare(`SELECT count(*) FROM ${from}`).pluck().get() as bigint;
    streams.push(
      build(
        db,
        { name: query.name, kind: 'query' },
        from,
        columns.map((c) => ({ name: c.name, declared: c.type, nullable: true })),
        key.key,
        Number(count),
        key.source,
      ),
    );
  }
  return streams;
}

/**
 * What a table's primary key may hold. Its `INTEGER PRIMARY KEY` in a rowid table is the rowid
 * itself: integers, never null. Any other primary key of a rowid table may hold nulls unless
 * declared NOT NULL (and holds any storage class); a WITHOUT ROWID table refuses nulls. A key that
 * may hold nulls is checked for them before it is split on.
 */
function keyKind(
  db: Database.Database,
  table: string,
  info: readonly { name: string; type: string }[],
  key: readonly string[],
): { readonly rowid: boolean; readonly nulls: boolean } {
  if (key.length === 0) return { rowid: false, nulls: false };
  const wr = db.prepare('SELECT wr FROM pragma_table_list WHERE name = ?').pluck().get(table);
  if (wr === 1 || wr === 1n) return { rowid: false, nulls: false };
  const rowid = key.length === 1 && info.find((c) => c.name === key[0])?.type.toUpperCase() === 'INTEGER';
  return { rowid, nulls: !rowid };
}

/**
 * Every table's declared foreign keys. SQLite keeps the target as written in the DDL (its ASCII
 * letters in any case) and leaves the target columns out when the key refers to the target's
 * primary key.
 */
function foreignKeys(db: Database.Database, relations: readonly { name: string; type: string }[]) {
  const rows: ForeignKeyColumn[] = [];
  for (const relation of relations.filter((r) => r.type === 'table')) {
    const keys = db
      .prepare('SELECT id, seq, "table", "from", "to" FROM pragma_foreign_key_list(?) ORDER BY id, seq')
      .all(relation.name) as { id: bigint; seq: bigint; table: string; from: string; to: string | null }[];
    for (const key of keys) {
      const target = relations.find((r) => foldAscii(r.name) === foldAscii(key.table))?.name;
      if (target === undefined) continue;
      const targetKey = (
        db.prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').all(target) as {
          name: string;
        }[]
      ).map((c) => c.name);
      const targetColumn = key.to ?? targetKey[Number(key.seq)];
      if (targetColumn === undefined) continue;
      rows.push({ constraint: String(key.id), table: relation.name, column: key.from, target, targetColumn });
    }
  }
  return rows;
}

/** A name as SQLite compares identifiers: ASCII letters in any case, every other character as is. */
function foldAscii(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

/**
 * The result columns that carry the whole primary key of one of the tables the query reads (SQLite
 * gives each result column's origin table and column), in key order: the first such table in
 * column order. Whether it is unique in the result is checked when partitioning.
 */
function detectKey(db: Database.Database, columns: readonly Database.ColumnDefinition[]): string[] {
  const tables = [
    ...new Set(columns.flatMap((c) => (c.table !== null && c.database === 'main' ? [c.table] : []))),
  ];
  for (const table of tables) {
    const key = (
      db.prepare('SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').all(table) as {
        name: string;
      }[]
    ).map((k) => columns.find((c) => c.table === table && c.column === k.name)?.name);
    if (key.length > 0 && key.every((name) => name !== undefined)) return key as string[];
  }
  return [];
}

function build(
  db: Database.Database,
  head: Pick<StreamInfo, 'name' | 'kind'>,
  from: string,
  columns: readonly Column[],
  primaryKey: readonly string[],
  estimatedRows: number | undefined,
  keySource?: SqlStream['keySource'],
): SqlStream {
  const stored = sampleStorageClasses(
    db,
    from,
    columns.map((c) => sqliteDialect.quote(c.name)),
  );
  return buildSqlStream(
    head,
    from,
    columns.map((c, i) => ({
      name: c.name,
      nativeType: c.declared || 'ANY',
      nullable: c.nullable,
      spec: c.rowid
        ? { ...sqliteColumnSpec(c.declared, stored[i]), rowid: true }
        : sqliteColumnSpec(c.declared, stored[i]),
    })),
    primaryKey,
    estimatedRows,
    keySource,
  );
}

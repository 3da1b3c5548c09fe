import {
  type DatabaseIntrospector,
  type Kysely,
  MysqlDialect,
  type SchemaMetadata,
  sql,
  type TableMetadata,
} from 'kysely';

/**
 * Kysely's MySQL introspector lists tables by joining information_schema.columns with tables; its
 * Migrator runs that on every migration check (each tenant pool opened, each catalog start). The
 * shared MariaDB 10.11 of the test machine died twice (signal 11, in the temporary table of that
 * information_schema query) while many test databases were being created at once. The Migrator
 * only needs table names, so this introspector answers from `SHOW FULL TABLES`, which lists the
 * current database's table names without opening any table. Columns are not listed.
 */
export class MysqlTableNamesIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<unknown>;

  constructor(db: Kysely<unknown>) {
    this.#db = db;
  }

  async getSchemas(): Promise<SchemaMetadata[]> {
    const rows = await sql<Record<string, string>>`SHOW DATABASES`.execute(this.#db);
    return rows.rows.map((row) => ({ name: String(Object.values(row)[0]) }));
  }

  async getTables(): Promise<TableMetadata[]> {
    const rows = await sql<Record<string, string>>`SHOW FULL TABLES`.execute(this.#db);
    return rows.rows.map((row) => {
      const [name, type] = Object.values(row);
      return { name: String(name), isView: type === 'VIEW', isForeign: false, columns: [] };
    });
  }
}

/** Kysely's MySQL dialect with `MysqlTableNamesIntrospector`. */
export class MysqlTableNamesDialect extends MysqlDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new MysqlTableNamesIntrospector(db);
  }
}

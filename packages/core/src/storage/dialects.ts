import type { TenantDialect } from '@madeup/contract';
import { mysqlStorage } from './dialects/mysql/mysql-storage.ts';
import { postgresStorage } from './dialects/postgres/postgres-storage.ts';
import { sqliteStorage } from './dialects/sqlite/sqlite-storage.ts';
import type { StorageDialect } from './storage-dialect.ts';

export const STORAGE_DIALECTS: Readonly<Record<TenantDialect, StorageDialect>> = {
  postgres: postgresStorage,
  mysql: mysqlStorage,
  sqlite: sqliteStorage,
};

/** The dialect a database URL speaks: `postgres://`, `mysql://`/`mariadb://`, else a SQLite path. */
export function dialectOfUrl(url: string): TenantDialect {
  if (/^postgres(ql)?:\/\//i.test(url)) return 'postgres';
  if (/^(mysql|mariadb):\/\//i.test(url)) return 'mysql';
  return 'sqlite';
}

/** `sqlite:/abs/path` or a bare path -> the file path; other URLs unchanged. */
export function sqlitePath(url: string): string {
  return url.replace(/^sqlite:(\/\/)?/i, '');
}

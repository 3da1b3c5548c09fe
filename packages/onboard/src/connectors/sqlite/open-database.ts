import Database from 'better-sqlite3';

/**
 * SQLite's page cache of a source connection, in KiB (`PRAGMA cache_size` takes a negative number
 * as KiB): SQLite's own default. better-sqlite3 builds SQLite with 16 MiB a connection
 * (`SQLITE_DEFAULT_CACHE_SIZE=-16000`), and a move holds a connection per partition read side by
 * side plus the shared one: each filled its 16 MiB as it read (keyset chunks never come back to a
 * page; the file's pages stay in the OS cache anyway), ~70 MiB of the `onboard` process's malloc
 * heap at 1,000,000 Vendor X rows. 2 MiB still hold every interior page a keyset chunk descends
 * through (docs/benchmarks.md, "What each change bought").
 */
export const SOURCE_CACHE_KIB = 2000;

/** Opens the file read-only; it must exist (SQLite would otherwise create an empty one). */
export function openDatabase(path: string): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.defaultSafeIntegers(true);
  db.pragma(`cache_size = -${SOURCE_CACHE_KIB}`);
  return db;
}

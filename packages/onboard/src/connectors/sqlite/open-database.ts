import Database from 'better-sqlite3';

/** Opens the file read-only; it must exist (SQLite would otherwise create an empty one). */
export function openDatabase(path: string): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.defaultSafeIntegers(true);
  return db;
}

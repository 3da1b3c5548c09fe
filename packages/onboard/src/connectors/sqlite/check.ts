import { access, constants } from 'node:fs/promises';
import type { CheckResult } from '../connector.ts';
import { openDatabase } from './open-database.ts';

/** Opens the file and reads its catalog; missing file, unreadable file and non-database are told apart. */
export async function checkSqlite(path: string): Promise<CheckResult> {
  try {
    await access(path, constants.F_OK);
  } catch {
    return { ok: false, code: 'database_missing', message: `SQLite file ${path} does not exist` };
  }
  try {
    await access(path, constants.R_OK);
  } catch {
    return {
      ok: false,
      code: 'permission_denied',
      message: `SQLite file ${path} is not readable by this user`,
    };
  }
  try {
    const db = openDatabase(path);
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      const version = db.prepare('SELECT sqlite_version() AS v').get() as { v: string };
      return { ok: true, serverVersion: `SQLite ${version.v}` };
    } finally {
      db.close();
    }
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code === 'SQLITE_NOTADB')
      return { ok: false, code: 'invalid_config', message: `${path} is not a SQLite database` };
    return {
      ok: false,
      code: 'other',
      message: `SQLite file ${path}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

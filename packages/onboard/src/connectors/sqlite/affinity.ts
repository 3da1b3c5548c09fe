/** The five column affinities of SQLite (https://www.sqlite.org/datatype3.html, section 3). */
export type SqliteAffinity = 'INTEGER' | 'TEXT' | 'BLOB' | 'REAL' | 'NUMERIC';

/**
 * The affinity SQLite gives a column declared with `declared`, by its rules of section 3.1, applied
 * in order to the upper-cased declaration: contains `INT` -> INTEGER; else contains `CHAR`, `CLOB` or
 * `TEXT` -> TEXT; else contains `BLOB`, or no type -> BLOB; else contains `REAL`, `FLOA` or `DOUB`
 * -> REAL; otherwise NUMERIC. So `BLOB SUB_TYPE TEXT` is TEXT, `FLOATING POINT` is INTEGER,
 * `STRING` and `DATETIME` are NUMERIC.
 */
export function sqliteAffinity(declared: string | null | undefined): SqliteAffinity {
  const type = (declared ?? '').toUpperCase();
  if (type.includes('INT')) return 'INTEGER';
  if (type.includes('CHAR') || type.includes('CLOB') || type.includes('TEXT')) return 'TEXT';
  if (type.includes('BLOB') || type.trim() === '') return 'BLOB';
  if (type.includes('REAL') || type.includes('FLOA') || type.includes('DOUB')) return 'REAL';
  return 'NUMERIC';
}

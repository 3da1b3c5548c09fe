import { sql } from 'kysely';
import type { Db } from '../../dynamic-database.ts';

const steps = new WeakMap<Db, Promise<number | undefined>>();

/**
 * The step between the ids of one multi-row `INSERT ... VALUES` when InnoDB gives them out
 * consecutively, in row order: with `innodb_autoinc_lock_mode` 0 ("traditional") or 1
 * ("consecutive", MariaDB's default) an insert whose row count is known up front takes all its ids
 * at once, `auto_increment_increment` apart. With mode 2 ("interleaved", MySQL 8's default)
 * concurrent inserts may interleave, so the ids must be read back: undefined. Asked once per pool;
 * a failure to ask means undefined (the ids are then read back, as before).
 */
export function mysqlConsecutiveInsertIds(db: Db): Promise<number | undefined> {
  let step = steps.get(db);
  if (step === undefined) {
    step = sql<{ mode: number | string; step: number | string }>`
      SELECT @@innodb_autoinc_lock_mode AS mode, @@auto_increment_increment AS step`
      .execute(db)
      .then(
        ({ rows }) => {
          const mode = Number(rows[0]?.mode);
          const increment = Number(rows[0]?.step);
          return (mode === 0 || mode === 1) && Number.isSafeInteger(increment) && increment >= 1
            ? increment
            : undefined;
        },
        () => {
          steps.delete(db);
          return undefined;
        },
      );
    steps.set(db, step);
  }
  return step;
}

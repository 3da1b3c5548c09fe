import type { Db } from '../storage/dynamic-database.ts';

/** Whether the last batch of each (table, source) of a tenant database found only new records. */
const lastWasNew = new WeakMap<Db, Map<string, boolean>>();

/** Keys kept per database before the map starts over (a tenant with very many sources). */
const MAX_KEYS = 10_000;

function keyOf(table: string, source: string): string {
  return `${table}\u0000${source}`;
}

/**
 * Whether a batch into `table` for `source` should first be written as if every record were new
 * (see `StorageDialect.insertBeforeRead`): yes until a batch found a stored record, and again once
 * a batch found none. A first load then skips the read of existing rows in every batch, and a rerun
 * pays one failed attempt per entity before reading as usual.
 */
export function expectNew(db: Db, table: string, source: string): boolean {
  return lastWasNew.get(db)?.get(keyOf(table, source)) ?? true;
}

/** Records whether a batch into `table` for `source` found only new records. */
export function noteNew(db: Db, table: string, source: string, allNew: boolean): void {
  let keys = lastWasNew.get(db);
  if (keys === undefined) {
    keys = new Map();
    lastWasNew.set(db, keys);
  }
  if (keys.size >= MAX_KEYS) keys.clear();
  keys.set(keyOf(table, source), allNew);
}

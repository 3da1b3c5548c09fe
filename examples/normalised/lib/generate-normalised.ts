import { type NormalisedSizes, normalisedRows, normalisedSizes } from './rows.ts';
import { addForwardKeys, createTables, insertRows, openSqlTarget } from './sql-target.ts';
import { TABLES } from './tables.ts';

export interface GenerateNormalisedOptions {
  /** `sqlite:/path`, `postgres://…/db` or `mysql://…/db`; the database must exist. */
  readonly target: string;
  /** Customers; the other tables follow (`normalisedSizes`). Default 200. */
  readonly customers?: number;
  /** Same seed, same data. Default 1. */
  readonly seed?: number;
}

/** Writes the normalised shop into a database, replacing its tables; returns the row counts. */
export async function generateNormalised(options: GenerateNormalisedOptions): Promise<NormalisedSizes> {
  const customers = options.customers ?? 200;
  if (!Number.isSafeInteger(customers) || customers < 1)
    throw new RangeError(`customers must be a whole number of at least 1, not ${customers}`);
  const rows = normalisedRows(customers, options.seed ?? 1);
  const target = await openSqlTarget(options.target);
  try {
    // The store/staff cycle: its rows go in before the rows they refer to.
    if (target.kind === 'sqlite') await target.run('PRAGMA foreign_keys = OFF');
    await createTables(target, TABLES);
    for (const table of TABLES) await insertRows(target, table, rows[table.name] ?? []);
    await addForwardKeys(target, TABLES);
    if (target.kind === 'postgres') await target.run('ANALYZE');
  } finally {
    await target.close();
  }
  return normalisedSizes(customers);
}

import { createHash } from 'node:crypto';
import { emptyDirtTally } from '../lib/dirt-tally.ts';
import { seedBits } from '../lib/random.ts';
import { vendorXSizes } from '../lib/sizes.ts';
import type { VendorTable } from '../lib/table.ts';
import { normaliseCell, type QueryTarget } from './query-target.ts';

const digestOf = (lines: Iterable<string>): string => {
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line).update('\n');
  return hash.digest('hex');
};

/** The digest of a table as read back from a database, rows in key order, cells normalised. */
export async function databaseDigest(db: QueryTarget, table: VendorTable): Promise<string> {
  const key = table.columns[0]?.name ?? '';
  const rows = await db.all(`SELECT * FROM ${table.name} ORDER BY ${key}`);
  return digestOf(rows.map((row) => table.columns.map((c) => normaliseCell(row[c.name])).join('|')));
}

/** The digest the seed defines for a table, computed from the row builders alone. */
export function expectedDigest(table: VendorTable, seed: number | string, rows: number): string {
  const sizes = vendorXSizes(rows);
  const ctx = { seed: seedBits(seed), sizes, tally: emptyDirtTally() };
  function* lines() {
    for (let id = 1; id <= sizes[table.name]; id++) yield table.row(ctx, id).map(normaliseCell).join('|');
  }
  return digestOf(lines());
}

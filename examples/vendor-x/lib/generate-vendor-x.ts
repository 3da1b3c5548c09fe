import { type DirtTally, emptyDirtTally } from './dirt-tally.ts';
import { seedBits } from './random.ts';
import { type VendorXSizes, vendorXSizes } from './sizes.ts';
import type { Cell, TableContext } from './table.ts';
import { VENDOR_X_TABLES } from './tables/index.ts';
import { openVendorWriter } from './writers/open-writer.ts';

export interface GenerateOptions {
  /** `sqlite:/path/file.sqlite`, `postgres://user@host:port/db` or `mysql://user@host:port/db`. */
  readonly target: string;
  /** Nominal size: the tables add up to exactly this many rows (at least `MIN_ROWS`). */
  readonly rows: number;
  /** Same seed, same rows, on every technology. Default 1. */
  readonly seed?: number | string;
  /** Called after every batch written. */
  readonly onProgress?: (progress: { table: string; done: number; total: number }) => void;
  readonly signal?: AbortSignal;
}

export interface GenerateSummary {
  readonly rows: number;
  readonly seed: number | string;
  /** Rows written per table. */
  readonly tables: VendorXSizes;
  /** The deliberate dirt, counted as it was written. */
  readonly dirt: DirtTally;
  readonly seconds: number;
}

/**
 * Generates a Vendor X database into `target`, replacing its Vendor X tables. Rows are built from
 * the seed one batch at a time, and the next batch is built while the previous one is being
 * written, so memory stays bounded by two batches whatever the size.
 */
export async function generateVendorX(options: GenerateOptions): Promise<GenerateSummary> {
  const started = performance.now();
  const seed = options.seed ?? 1;
  const sizes = vendorXSizes(options.rows);
  const ctx: TableContext = { seed: seedBits(seed), sizes, tally: emptyDirtTally() };
  const writer = await openVendorWriter(options.target);
  try {
    await writer.createTables(VENDOR_X_TABLES);
    for (const table of VENDOR_X_TABLES) {
      const total = sizes[table.name];
      let pending: Promise<void> | undefined;
      for (let first = 1; first <= total; first += writer.batchSize) {
        options.signal?.throwIfAborted();
        const last = Math.min(total, first + writer.batchSize - 1);
        const rows: Cell[][] = new Array(last - first + 1);
        for (let id = first; id <= last; id++) rows[id - first] = table.row(ctx, id);
        await pending;
        options.onProgress?.({ table: table.name, done: first - 1, total });
        pending = writer.insert(table, rows);
      }
      await pending;
      options.onProgress?.({ table: table.name, done: total, total });
    }
    await writer.finish(VENDOR_X_TABLES);
  } finally {
    await writer.close();
  }
  return {
    rows: options.rows,
    seed,
    tables: sizes,
    dirt: ctx.tally,
    seconds: (performance.now() - started) / 1000,
  };
}

import type { DialectName } from '@madeup/testkit';
import { type GenerateSummary, generateVendorX } from '../../examples/vendor-x/index.ts';
import { withDatabase } from './bench-database.ts';
import { progress } from './section.ts';

/** A generated Vendor X database that lives for the duration of one `withVendorX` call. */
export interface VendorXSource {
  readonly dialect: DialectName;
  readonly url: string;
  readonly summary: GenerateSummary;
}

/**
 * Generates a Vendor X database of `rows` rows (seed 1 unless given) in a fresh database of
 * `dialect`, gives it to `work`, and drops it afterwards.
 */
export async function withVendorX<T>(
  dialect: DialectName,
  rows: number,
  work: (source: VendorXSource) => Promise<T>,
  seed: number | string = 1,
): Promise<T> {
  return withDatabase(dialect, 'vendorx', async (database) => {
    progress(`generating vendor-x, ${rows.toLocaleString('en')} rows, into ${dialect}`);
    const summary = await generateVendorX({ target: database.url, rows, seed });
    progress(`generated in ${summary.seconds.toFixed(1)} s`);
    return work({ dialect, url: database.url, summary });
  });
}

/** Row counts of every Vendor X table for one generated database. */
export interface VendorXSizes {
  readonly branch: number;
  readonly emp: number;
  readonly item: number;
  readonly client: number;
  readonly inv_hdr: number;
  readonly inv_det: number;
  readonly pmt: number;
}

/** The smallest `rows` accepted: below it the minimum table sizes would not add up. */
export const MIN_ROWS = 100;

/**
 * Splits a nominal size of `rows` over the tables; they add up to exactly `rows`.
 *
 * | table   | rows             | at 1,000,000 |
 * |---------|------------------|--------------|
 * | branch  | N/2000, min 1    | 500          |
 * | emp     | N/200, min 3     | 5,000        |
 * | item    | N/100, min 5     | 10,000       |
 * | client  | N/10             | 100,000      |
 * | inv_hdr | N/5              | 200,000      |
 * | inv_det | N/2              | 500,000      |
 * | pmt     | the rest (~N/5.4)| 184,500      |
 */
export function vendorXSizes(rows: number): VendorXSizes {
  if (!Number.isSafeInteger(rows) || rows < MIN_ROWS) {
    throw new RangeError(`rows must be an integer of at least ${MIN_ROWS}, got ${rows}`);
  }
  const branch = Math.max(1, Math.floor(rows / 2000));
  const emp = Math.max(3, Math.floor(rows / 200));
  const item = Math.max(5, Math.floor(rows / 100));
  const client = Math.floor(rows / 10);
  const inv_hdr = Math.floor(rows / 5);
  const inv_det = Math.floor(rows / 2);
  const pmt = rows - branch - emp - item - client - inv_hdr - inv_det;
  return { branch, emp, item, client, inv_hdr, inv_det, pmt };
}

// Vendor X: a synthetic legacy database to onboard, generated from a seed at any size.
import { fileURLToPath } from 'node:url';

export type { DirtTally } from './lib/dirt-tally.ts';
export { type GenerateOptions, type GenerateSummary, generateVendorX } from './lib/generate-vendor-x.ts';
export { MIN_ROWS, type VendorXSizes, vendorXSizes } from './lib/sizes.ts';
export type { ColumnDef, VendorTable } from './lib/table.ts';
export { VENDOR_X_TABLES } from './lib/tables/index.ts';
export { type TouchOptions, type TouchSummary, touchVendorX } from './lib/touch-vendor-x.ts';
export { InvalidTargetError, parseTarget, type Target } from './lib/writers/target-url.ts';

/** The mapping of Vendor X to core's model, next to this file. */
export const VENDOR_X_MAPPING = fileURLToPath(new URL('./mapping.yaml', import.meta.url));

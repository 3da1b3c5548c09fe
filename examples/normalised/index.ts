// The normalised shop: a small, generated source whose addresses are split over address, city and
// country tables and whose order rows are both an invoice and its line; and its mapping.
import { fileURLToPath } from 'node:url';

export {
  type GenerateNormalisedOptions,
  generateNormalised,
} from './lib/generate-normalised.ts';
export { type NormalisedSizes, normalisedSizes } from './lib/rows.ts';
export { openSqlTarget, type SqlTarget } from './lib/sql-target.ts';

/** The mapping of the normalised shop to core's model, next to this file. */
export const NORMALISED_MAPPING = fileURLToPath(new URL('./mapping.yaml', import.meta.url));

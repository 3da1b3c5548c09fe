import { showValue, ValueError } from '../value-error.ts';
import { numberToDecimal } from './parse-number.ts';

/**
 * A scalar as text; null stays null. A finite number is written in plain digits as arithmetic
 * reads it (`1e21` is `1000000000000000000000`, never `1e+21`). Objects and arrays are not text.
 */
export function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return numberToDecimal(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new ValueError('invalid_type', `expected text, got ${showValue(value)}`);
}

/** True for null and for strings that hold only white space. */
export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

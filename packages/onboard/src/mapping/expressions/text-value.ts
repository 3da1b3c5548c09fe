import { showValue, ValueError } from '../value-error.ts';

/** A scalar as text; null stays null. Objects and arrays are not text. */
export function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new ValueError('invalid_type', `expected text, got ${showValue(value)}`);
}

/** True for null and for strings that hold only white space. */
export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

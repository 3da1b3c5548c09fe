import { randomBytes } from 'node:crypto';

/**
 * A name no other test, worker or concurrent run will pick: lower case, starts with a letter,
 * safe as an unquoted SQL identifier and as a Redis key prefix. `hint` (letters, digits, `_`)
 * makes leftovers recognisable.
 */
export function uniqueName(hint = 't'): string {
  const clean = hint
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 20);
  return `mt_${clean}_${process.pid.toString(36)}_${randomBytes(5).toString('hex')}`;
}

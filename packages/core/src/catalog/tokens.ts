import { createHash, randomBytes } from 'node:crypto';

/** A new random API token; `prefix` says what it is for (`mua_` admin, `mut_` tenant). */
export function generateToken(prefix: 'mua_' | 'mut_'): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** The only form in which core stores a token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

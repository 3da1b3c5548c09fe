import { createHash, randomBytes } from 'node:crypto';

/** A new random API token; `prefix` says what it is for (`mua_` admin, `mut_` tenant). */
export function generateToken(prefix: 'mua_' | 'mut_'): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** The only form in which core stores a token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Hex digits of the stored hash that name a token. */
const ID_DIGITS = 16;

/** A token's public name: `tok_` + the first 16 hex digits of its hash (reveals nothing usable). */
export function tokenIdOfHash(hash: string): string {
  return `tok_${hash.slice(0, ID_DIGITS)}`;
}

/** The hash prefix a token id stands for, or undefined when `id` is not a token id. */
export function hashPrefixOfTokenId(id: string): string | undefined {
  const match = /^tok_([0-9a-f]{16})$/.exec(id);
  return match?.[1];
}

import { hash } from 'node:crypto';

/**
 * The order-independent checksum core reports per (source, entity) and a loader recomputes from
 * the `contentHash` of the results it received: the sum, modulo 2^64, of the first 8 bytes of
 * sha256(externalId + "\n" + contentHash), as 16 hex digits. Adding records in any order, or in
 * any split into batches, gives the same value.
 */
export function recordChecksum(externalId: string, contentHash: string): bigint {
  return BigInt(`0x${recordDigest(externalId, contentHash).slice(0, 16)}`);
}

/**
 * sha256(externalId + "\n" + contentHash), as hex or as a 'binary' (latin1) string of one
 * character a byte. One-shot hashing is several times cheaper per record than a Hash object, and a
 * string than a Buffer (about 1 µs against 2.5 µs a record).
 */
function recordDigest(externalId: string, contentHash: string, encoding: 'hex' | 'binary' = 'hex'): string {
  return hash('sha256', `${externalId}\n${contentHash}`, encoding);
}

/** Halves summed as plain numbers stay exact below 2^53: fold them into the bigint this often. */
const FOLD_EVERY = 1 << 20;

/**
 * The checksum of a set of records, `combineChecksum` of their `recordChecksum`s, in one pass: the
 * first 8 bytes of each digest are summed as two 32-bit halves in plain numbers (no BigInt per
 * record), folded into the 64-bit sum every 2^20 records.
 */
export function checksumOfRecords(pairs: Iterable<readonly [string, string]>): {
  count: number;
  value: string;
} {
  let sum = 0n;
  let high = 0;
  let low = 0;
  let count = 0;
  for (const [externalId, contentHash] of pairs) {
    // The digest as a 'binary' (latin1) string, one character a byte: its first 8 bytes read without the
    // hex text and its slices (~0.4 against ~0.7 µs a record).
    const digest = recordDigest(externalId, contentHash, 'binary');
    high += uint32At(digest, 0);
    low += uint32At(digest, 4);
    count += 1;
    if (count % FOLD_EVERY === 0) {
      sum = (sum + (BigInt(high) << 32n) + BigInt(low)) & MASK;
      high = 0;
      low = 0;
    }
  }
  sum = (sum + (BigInt(high) << 32n) + BigInt(low)) & MASK;
  return { count, value: sum.toString(16).padStart(16, '0') };
}

const MASK = (1n << 64n) - 1n;

/** The big-endian unsigned 32-bit number of a latin1 string's 4 characters from `at` (bytes 0-255). */
function uint32At(bytes: string, at: number): number {
  return (
    bytes.charCodeAt(at) * 0x1000000 +
    (bytes.charCodeAt(at + 1) << 16) +
    (bytes.charCodeAt(at + 2) << 8) +
    bytes.charCodeAt(at + 3)
  );
}

/** Accumulates `recordChecksum` values; `value` is the hex form core reports. */
export class ChecksumAccumulator {
  #sum = 0n;
  #count = 0;

  add(externalId: string, contentHash: string): void {
    this.#sum = (this.#sum + recordChecksum(externalId, contentHash)) & MASK;
    this.#count += 1;
  }

  /** Removes a record previously added (when a later batch replaces its content). */
  remove(externalId: string, contentHash: string): void {
    this.#sum = (this.#sum - recordChecksum(externalId, contentHash)) & MASK;
    this.#count -= 1;
  }

  get count(): number {
    return this.#count;
  }

  get value(): string {
    return this.#sum.toString(16).padStart(16, '0');
  }
}

/** Combines already computed per-record checksums (as bigint) into the reported hex form. */
export function combineChecksum(parts: Iterable<bigint>): string {
  let sum = 0n;
  for (const part of parts) sum = (sum + part) & MASK;
  return sum.toString(16).padStart(16, '0');
}

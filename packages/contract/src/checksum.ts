import { hash } from 'node:crypto';

/**
 * The order-independent checksum core reports per (source, entity) and a loader recomputes from
 * the `contentHash` of the results it received: the sum, modulo 2^64, of the first 8 bytes of
 * sha256(externalId + "\n" + contentHash), as 16 hex digits. Adding records in any order, or in
 * any split into batches, gives the same value.
 */
export function recordChecksum(externalId: string, contentHash: string): bigint {
  // One-shot hashing: several times cheaper per record than a Hash object.
  return hash('sha256', `${externalId}\n${contentHash}`, 'buffer').readBigUInt64BE(0);
}

const MASK = (1n << 64n) - 1n;

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

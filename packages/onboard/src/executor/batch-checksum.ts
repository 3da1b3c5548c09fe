import { hash } from 'node:crypto';

const MASK = (1n << 64n) - 1n;

/**
 * The checksum of a batch's records in core's form: the same value `ChecksumAccumulator` (from
 * `@madeup/contract`) gives for these (externalId, contentHash) pairs, computed with one-shot
 * hashing, which is several times cheaper per record than a Hash object.
 */
export function batchChecksum(pairs: Iterable<readonly [string, string]>): { count: number; value: string } {
  let sum = 0n;
  let count = 0;
  for (const [externalId, contentHash] of pairs) {
    const digest = hash('sha256', `${externalId}\n${contentHash}`, 'buffer');
    sum = (sum + digest.readBigUInt64BE(0)) & MASK;
    count += 1;
  }
  return { count, value: sum.toString(16).padStart(16, '0') };
}

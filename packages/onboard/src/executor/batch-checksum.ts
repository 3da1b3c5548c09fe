import { checksumOfRecords } from '@madeup/contract';

/**
 * The checksum of a batch's records in core's form: the same value `ChecksumAccumulator` (from
 * `@madeup/contract`) gives for these (externalId, contentHash) pairs.
 */
export function batchChecksum(pairs: Iterable<readonly [string, string]>): { count: number; value: string } {
  return checksumOfRecords(pairs);
}

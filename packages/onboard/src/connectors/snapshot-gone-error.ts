import { ConnectorError } from './connector-error.ts';

/**
 * A read asked for an exported snapshot (`ReadOptions.snapshot`) that the source no longer has:
 * the transaction that exported it ended (its process stopped or released it). Nothing was read;
 * the same read without the snapshot works, on the source's latest committed state.
 */
export class SnapshotGoneError extends ConnectorError {
  override readonly name = 'SnapshotGoneError';
}

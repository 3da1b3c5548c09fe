import type { CompiledEntity } from '../model/compiled-entity.ts';
import type { Row } from '../storage/dynamic-database.ts';

/** A record as read from its table, decoded to canonical wire values. */
export interface StoredRecord {
  readonly id: string;
  readonly externalId: string;
  readonly contentHash: string;
  readonly deleted: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly deletedAt: string | null;
  /** Column -> canonical wire value, for every leaf. */
  readonly values: ReadonlyMap<string, unknown>;
  /** Reference name -> parent external id or null. */
  readonly refXids: ReadonlyMap<string, string | null>;
  /** Reference name -> parent id, null while pending or empty. */
  readonly refIds: ReadonlyMap<string, string | null>;
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Decodes a row of `entity`'s table (any dialect). */
export function decodeRow(
  entity: CompiledEntity,
  row: Row,
  timestamp: (raw: unknown) => unknown,
): StoredRecord {
  return {
    id: String(row['id']),
    externalId: String(row['external_id']),
    contentHash: String(row['content_hash']),
    deleted: row['row_deleted_at'] !== null && row['row_deleted_at'] !== undefined,
    createdAt: String(timestamp(row['row_created_at'])),
    updatedAt: String(timestamp(row['row_updated_at'])),
    deletedAt: text(timestamp(row['row_deleted_at'] ?? null)),
    values: new Map(entity.leaves.map((leaf) => [leaf.column, leaf.kind.fromDb(row[leaf.column] ?? null)])),
    refXids: new Map(entity.refs.map((r) => [r.name, text(row[r.xidColumn])])),
    refIds: new Map(entity.refs.map((r) => [r.name, text(row[r.idColumn])])),
  };
}

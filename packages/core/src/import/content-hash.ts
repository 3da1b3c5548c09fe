import { hash } from 'node:crypto';
import type { CompiledEntity } from '../model/compiled-entity.ts';

/** The array `contentHash` fills for each record (kept between calls). */
let scratch: unknown[] = [];

/**
 * The hash of a record's content: every leaf field, then every reference (by the parent's external
 * id), in the model's order, as one JSON array. Values are canonical (JSON objects key-sorted), so
 * equal content gives an equal hash on every dialect.
 */
export function contentHash(
  entity: CompiledEntity,
  values: readonly unknown[],
  refXids: readonly (string | null)[],
): string {
  // `values` and `refXids` are in the model's leaf and reference order, nulls for absent values.
  // One array filled in place (not spread from the two): the same JSON, less work per record. It is
  // the previous record's array when it has the same length (this function is synchronous, and
  // every member is written below): one allocation less per record.
  const length = 1 + values.length + refXids.length;
  if (scratch.length !== length) scratch = new Array(length);
  const parts = scratch;
  parts[0] = entity.name;
  for (let i = 0; i < values.length; i++) parts[1 + i] = values[i];
  for (let i = 0; i < refXids.length; i++) parts[1 + values.length + i] = refXids[i];
  return hash('sha256', JSON.stringify(parts), 'hex');
}

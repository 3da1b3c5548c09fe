import { hash } from 'node:crypto';
import type { CompiledEntity } from '../model/compiled-entity.ts';

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
  return hash('sha256', JSON.stringify([entity.name, ...values, ...refXids]), 'hex');
}

import { hash } from 'node:crypto';
import type { CompiledEntity } from '../model/compiled-entity.ts';

/**
 * The hash of a record's content: every leaf field, then every reference (by the parent's external
 * id), in the model's order, as one JSON array. Values are canonical (JSON objects key-sorted), so
 * equal content gives an equal hash on every dialect.
 */
export function contentHash(
  entity: CompiledEntity,
  values: ReadonlyMap<string, unknown>,
  refXids: ReadonlyMap<string, string | null>,
): string {
  const parts: unknown[] = [entity.name];
  for (const leaf of entity.leaves) parts.push(values.get(leaf.column) ?? null);
  for (const ref of entity.refs) parts.push(refXids.get(ref.name) ?? null);
  return hash('sha256', JSON.stringify(parts), 'hex');
}

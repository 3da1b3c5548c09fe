import { createHash } from 'node:crypto';
import type { CompiledEntity } from '../model/compiled-entity.ts';
import { canonicalJson } from '../model/kinds/canonical-json.ts';

/**
 * The hash of a record's content: every leaf field (by wire path) and every reference (by the
 * parent's external id), in canonical form. Equal content gives an equal hash on every dialect.
 */
export function contentHash(
  entity: CompiledEntity,
  values: ReadonlyMap<string, unknown>,
  refXids: ReadonlyMap<string, string | null>,
): string {
  const f: Record<string, unknown> = {};
  for (const leaf of entity.leaves) f[leaf.path] = values.get(leaf.column) ?? null;
  const r: Record<string, unknown> = {};
  for (const ref of entity.refs) r[ref.name] = refXids.get(ref.name) ?? null;
  return createHash('sha256').update(canonicalJson({ f, r })).digest('hex');
}

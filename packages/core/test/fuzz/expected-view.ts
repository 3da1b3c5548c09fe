import type { CompiledEntity, LeafField } from '../../src/model/compiled-entity.ts';

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The stored form of one accepted leaf value (as JSON carries it: -0 is 0). */
function stored(leaf: LeafField, value: unknown): unknown {
  if (value === null || value === undefined) return leaf.def.default ?? null;
  const parsed = leaf.kind.parse(value, leaf.def);
  if (!parsed.ok) throw new Error(`an accepted record holds a refused value for ${leaf.path}`);
  return JSON.parse(JSON.stringify(parsed.value));
}

/**
 * The `fields` a record created from `record` (in an empty source) must read back with: the
 * canonical form of every value sent (core's kinds say what canonical is: "1" is "1.00", a
 * timestamp is UTC with microseconds), null or the default for the rest.
 */
export function expectedFields(
  entity: CompiledEntity,
  record: { fields?: unknown },
): Record<string, unknown> {
  const given = isObject(record.fields) ? record.fields : {};
  const out: Record<string, unknown> = {};
  for (const [top, leaves] of entity.fields) {
    const first = leaves[0];
    if (first === undefined) continue;
    if (first.member === undefined) {
      out[top] = stored(first, given[top]);
      continue;
    }
    const members = isObject(given[top]) ? (given[top] as Record<string, unknown>) : {};
    const values = Object.fromEntries(
      leaves.map((l) => [l.member ?? '', stored(l, members[l.member ?? ''])]),
    );
    out[top] = Object.values(values).every((v) => v === null) ? null : values;
  }
  return out;
}

/** The references a created record must read back with: those sent, null for the rest. */
export function expectedRefs(entity: CompiledEntity, record: { refs?: unknown }): Record<string, unknown> {
  const given = isObject(record.refs) ? record.refs : {};
  return Object.fromEntries(entity.refs.map((r) => [r.name, given[r.name] ?? null]));
}

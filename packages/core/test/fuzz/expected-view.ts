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

/** What a record holds after a sequence of accepted imports: leaf values by column, refs by name. */
export interface ExpectedState {
  readonly leaves: ReadonlyMap<string, unknown>;
  readonly refs: ReadonlyMap<string, unknown>;
}

/**
 * Merges an accepted record into what its (source, externalId) held, by the import rules: a field
 * sent replaces the stored value (an object replaces every member), a field left out keeps it,
 * null clears it, and a leaf with a default never holds null.
 */
export function mergeExpected(
  entity: CompiledEntity,
  previous: ExpectedState | undefined,
  record: { fields?: unknown; refs?: unknown },
): ExpectedState {
  const given = isObject(record.fields) ? record.fields : {};
  const leaves = new Map<string, unknown>();
  for (const [top, group] of entity.fields)
    for (const leaf of group) {
      const sent = given[top];
      let value: unknown;
      if (sent === undefined) value = previous?.leaves.get(leaf.column) ?? null;
      else if (leaf.member === undefined) value = sent;
      else value = isObject(sent) ? (sent[leaf.member] ?? null) : null;
      value = value === null || value === undefined ? (leaf.def.default ?? null) : value;
      leaves.set(leaf.column, value === null ? null : stored(leaf, value));
    }
  const sentRefs = isObject(record.refs) ? record.refs : {};
  const refs = new Map<string, unknown>();
  for (const ref of entity.refs)
    refs.set(ref.name, ref.name in sentRefs ? sentRefs[ref.name] : (previous?.refs.get(ref.name) ?? null));
  return { leaves, refs };
}

/** The `fields` and `refs` a record in `state` reads back with. */
export function viewOf(entity: CompiledEntity, state: ExpectedState) {
  const fields: Record<string, unknown> = {};
  for (const [top, group] of entity.fields) {
    const first = group[0];
    if (first === undefined) continue;
    if (first.member === undefined) fields[top] = state.leaves.get(first.column) ?? null;
    else {
      const members = Object.fromEntries(
        group.map((l) => [l.member ?? '', state.leaves.get(l.column) ?? null]),
      );
      fields[top] = Object.values(members).every((v) => v === null) ? null : members;
    }
  }
  return { fields, refs: Object.fromEntries(state.refs) };
}

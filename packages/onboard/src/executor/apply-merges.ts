import type { ImportRecord } from '@madeup/contract';
import type { MappedEntity, MappingView, TransformOutcome } from '../planner/mapping-view.ts';
import type { MergeMember } from '../store/merge-store.ts';

const MERGED: TransformOutcome = { skipped: 'merged' };

/**
 * An entity's transform with the run's merge plan applied: a member of a group of duplicates sends
 * the group's merged record if it is the group's emitter and is skipped (`merged`) otherwise; and
 * a reference to a merged-away record of any entity points to its survivor instead.
 */
export function withMerges(mapped: MappedEntity, plan: readonly MergeMember[]): MappedEntity {
  if (plan.length === 0) return mapped;
  const own = new Map<string, MergeMember>();
  const survivors = new Map<string, Map<string, string>>();
  for (const member of plan) {
    if (member.entity === mapped.entity) own.set(member.externalId, member);
    if (member.externalId === member.survivorId) continue;
    const ids = survivors.get(member.entity) ?? new Map<string, string>();
    survivors.set(member.entity, ids);
    ids.set(member.externalId, member.survivorId);
  }
  const redirects: [string, Map<string, string>][] = [];
  for (const ref of mapped.references) {
    const ids = survivors.get(ref.target);
    if (ids !== undefined && ref.name !== undefined) redirects.push([ref.name, ids]);
  }
  if (own.size === 0 && redirects.length === 0) return mapped;
  const inner = mapped.transform.bind(mapped);
  return {
    ...mapped,
    transform(row) {
      const out = inner(row);
      if (!('record' in out)) return out;
      let record = out.record;
      const member = own.get(record.externalId);
      if (member !== undefined) {
        if (!member.emit || member.record === null) return MERGED;
        record = member.record;
      }
      const redirected = redirect(record, redirects);
      return redirected === out.record ? out : { record: redirected };
    },
  };
}

function redirect(record: ImportRecord, redirects: readonly [string, Map<string, string>][]): ImportRecord {
  const refs = record.refs;
  if (refs === undefined) return record;
  let changed: Record<string, string | null> | undefined;
  for (const [name, ids] of redirects) {
    const id = refs[name];
    const survivor = id == null ? undefined : ids.get(id);
    if (survivor === undefined) continue;
    changed ??= { ...refs };
    changed[name] = survivor;
  }
  return changed === undefined ? record : { ...record, refs: changed };
}

/**
 * Whether the merge plan can change what any of `entities` sends: one of them has a `merge:` rule,
 * or refers to an entity that has one. The plan holds members of merged entities only, so for the
 * others `withMerges` returns the entity as it is, and their tasks need not wait for the plan.
 */
export function appliesMergePlan(mapping: MappingView, entities: readonly string[]): boolean {
  const merged = new Set(mapping.entities.filter((e) => e.merge !== undefined).map((e) => e.entity));
  if (merged.size === 0) return false;
  return mapping.entities.some(
    (e) =>
      entities.includes(e.entity) &&
      (merged.has(e.entity) || e.references.some((ref) => merged.has(ref.target))),
  );
}

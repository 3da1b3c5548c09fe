import { compareIds } from '../mapping/merge-groups.ts';
import type { MergeMember } from '../store/merge-store.ts';

/** One entity's merges in a run: which records were found to be one, and by which rule. */
export interface EntityMerges {
  readonly entity: string;
  readonly rule: string;
  /** Merged-away source rows (they are not sent; references to them go to their survivor). */
  readonly mergedAway: number;
  readonly groups: readonly { readonly survivor: string; readonly mergedAway: readonly string[] }[];
}

/** The run's merge plan as the report lists it: per entity, each survivor with its merged-away ids. */
export function mergeReport(members: readonly MergeMember[]): EntityMerges[] {
  const byEntity = new Map<string, { rule: string; groups: Map<string, string[]> }>();
  for (const m of members) {
    const entity = byEntity.get(m.entity) ?? { rule: m.rule, groups: new Map<string, string[]>() };
    byEntity.set(m.entity, entity);
    const away = entity.groups.get(m.survivorId) ?? [];
    if (m.externalId !== m.survivorId) away.push(m.externalId);
    entity.groups.set(m.survivorId, away);
  }
  return [...byEntity].map(([entity, { rule, groups }]) => {
    const list = [...groups]
      .sort(([a], [b]) => compareIds(a, b))
      .map(([survivor, away]) => ({ survivor, mergedAway: away.sort(compareIds) }));
    return { entity, rule, mergedAway: list.reduce((n, g) => n + g.mergedAway.length, 0), groups: list };
  });
}

import type { SchemaDocument } from '@madeup/contract';
import { type EntityPhase, entityPhases } from './entity-phases.ts';

/**
 * Entities that read one stream: the stream is read once, each row feeding every member, parents
 * first (`members` in reference order). `lead` names the group's tasks.
 */
export interface StreamGroup {
  readonly lead: string;
  readonly members: readonly string[];
  /** The members refer to each other in a cycle (or one to itself): their batches load deferred. */
  readonly cyclic: boolean;
}

const targetsOf = (schema: SchemaDocument, entity: string): string[] =>
  (schema.entities.find((e) => e.name === entity)?.references ?? []).map((r) => r.target);

/** Groups entities by the stream they read, in mapping order; a stream read by one entity is a group of one. */
export function streamGroups(
  schema: SchemaDocument,
  entities: readonly { readonly entity: string; readonly stream: string }[],
): StreamGroup[] {
  const byStream = new Map<string, string[]>();
  for (const { entity, stream } of entities) byStream.set(stream, [...(byStream.get(stream) ?? []), entity]);
  return [...byStream.values()].map((names) => {
    const order = parentsFirst(schema, names);
    return { lead: order.members[0] as string, members: order.members, cyclic: order.cyclic };
  });
}

/** Members ordered so a member comes after those it refers to; a cycle keeps mapping order. */
function parentsFirst(
  schema: SchemaDocument,
  names: readonly string[],
): { members: string[]; cyclic: boolean } {
  const left = [...names];
  const members: string[] = [];
  while (left.length > 0) {
    const next = left.find((name) => targetsOf(schema, name).every((t) => !left.includes(t)));
    if (next === undefined) return { members: [...members, ...left], cyclic: true };
    members.push(next);
    left.splice(left.indexOf(next), 1);
  }
  return { members, cyclic: false };
}

/**
 * Orders groups like `entityPhases` orders entities: a group comes after the groups its members
 * refer to; groups in a cycle share a phase and load deferred, as does a cyclic group.
 */
export function groupPhases(schema: SchemaDocument, groups: readonly StreamGroup[]): EntityPhase[] {
  const leadOf = new Map(groups.flatMap((g) => g.members.map((m) => [m, g.lead] as const)));
  const contracted: SchemaDocument = {
    ...schema,
    entities: groups.map((group) => {
      const lead = schema.entities.find((e) => e.name === group.lead);
      const targets = new Set(
        group.members.flatMap((m) => targetsOf(schema, m)).map((t) => leadOf.get(t) ?? t),
      );
      // References inside the group are met by loading each chunk's parents first, unless cyclic.
      if (!group.cyclic) targets.delete(group.lead);
      return {
        ...(lead as SchemaDocument['entities'][number]),
        references: [...targets].map((target) => ({ name: target, target, required: false })),
      };
    }),
  };
  return entityPhases(
    contracted,
    groups.map((g) => g.lead),
  );
}

import type { SchemaDocument } from '@madeup/contract';

/** One step of a run: entities that can load side by side once earlier phases are done. */
export interface EntityPhase {
  readonly entities: readonly string[];
  /** Entities of this phase that refer to themselves or to each other (a cycle): they load with deferred references. */
  readonly deferred: readonly string[];
}

/**
 * Orders `entities` by the references between them in core's schema: a parent's phase comes before
 * its children's. Entities in a reference cycle (strongly connected) share one phase and load with
 * `deferUnresolved`, as do self-referencing ones. References to entities not in `entities` are ignored.
 */
export function entityPhases(schema: SchemaDocument, entities: readonly string[]): EntityPhase[] {
  const wanted = new Set(entities);
  const edges = new Map<string, string[]>();
  for (const name of entities) {
    const entity = schema.entities.find((e) => e.name === name);
    const targets = (entity?.references ?? []).map((r) => r.target).filter((t) => wanted.has(t));
    edges.set(name, [...new Set(targets)]);
  }
  const components = stronglyConnected(entities, edges);
  const componentOf = new Map<string, number>();
  components.forEach((members, i) => {
    for (const m of members) componentOf.set(m, i);
  });
  const level = new Map<number, number>();
  const levelOf = (c: number): number => {
    const known = level.get(c);
    if (known !== undefined) return known;
    let best = 0;
    for (const member of components[c] ?? []) {
      for (const target of edges.get(member) ?? []) {
        const parent = componentOf.get(target) as number;
        if (parent !== c) best = Math.max(best, levelOf(parent) + 1);
      }
    }
    level.set(c, best);
    return best;
  };
  const phases: { entities: string[]; deferred: string[] }[] = [];
  components.forEach((members, c) => {
    const at = levelOf(c);
    while (phases.length <= at) phases.push({ entities: [], deferred: [] });
    const phase = phases[at] as { entities: string[]; deferred: string[] };
    const cyclic =
      members.length > 1 || (edges.get(members[0] as string) ?? []).includes(members[0] as string);
    phase.entities.push(...members);
    if (cyclic) phase.deferred.push(...members);
  });
  for (const phase of phases) {
    phase.entities.sort();
    phase.deferred.sort();
  }
  return phases;
}

/** Tarjan's algorithm, iterative-free (entity graphs are small). */
function stronglyConnected(
  nodes: readonly string[],
  edges: ReadonlyMap<string, readonly string[]>,
): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const result: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      result.push(component);
    }
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return result;
}

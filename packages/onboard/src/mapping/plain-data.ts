import type { MappingPath, MappingProblem } from './mapping-problem.ts';

/**
 * What YAML can give that a mapping cannot hold: a node that contains itself through an alias
 * (`a: &x [*x]`), and the values of tags such as `!!omap`, `!!set`, `!!binary` or a YAML 1.1
 * `!!timestamp` (a Map, a Set, bytes, a Date), which would otherwise read as empty maps. Each is a
 * `syntax` problem at its path. The walk uses its own stack, so depth never overflows it.
 */
export function plainDataProblems(data: unknown): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const open = new Set<object>();
  const stack: { value: unknown; path: MappingPath; done?: boolean }[] = [{ value: data, path: [] }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    const { value, path } = item;
    if (value === null || typeof value !== 'object') continue;
    if (item.done) {
      open.delete(value);
      continue;
    }
    if (open.has(value)) {
      problems.push({
        code: 'syntax',
        path,
        message: 'an alias here refers to a node that contains it: a mapping cannot be a cycle',
      });
      continue;
    }
    const proto = Object.getPrototypeOf(value);
    if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) {
      const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      problems.push({
        code: 'syntax',
        path,
        message: `a YAML tag makes this a ${kind}; a mapping holds only maps, lists, text, numbers, booleans and null`,
      });
      continue;
    }
    open.add(value);
    stack.push({ value, path, done: true });
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    for (const [key, child] of entries) stack.push({ value: child, path: [...path, key] });
  }
  return problems;
}

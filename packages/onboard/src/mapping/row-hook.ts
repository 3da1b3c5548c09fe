import type { Row } from '../connectors/value.ts';
import type { EntityEnvironment } from './entity-environment.ts';
import type { MappingPath } from './mapping-problem.ts';
import { matchName } from './name-match.ts';
import type { Rejection } from './rejection-codes.ts';

/** A compiled `transform:` row hook. */
export interface CompiledRowHook {
  /** Columns the hook adds, accepted by the column checks. */
  readonly adds: readonly string[];
  apply(row: Row): { readonly row: Row } | { readonly error: Rejection } | null;
}

/** Compiles `transform: name` or `transform: {hook: name, adds: [Col, …]}`. */
export function compileRowHook(
  raw: unknown,
  path: MappingPath,
  env: EntityEnvironment,
): CompiledRowHook | undefined {
  if (raw === undefined) return undefined;
  const spec = typeof raw === 'string' ? { hook: raw } : raw;
  if (
    spec === null ||
    typeof spec !== 'object' ||
    Array.isArray(spec) ||
    typeof (spec as { hook?: unknown }).hook !== 'string'
  ) {
    env.sink.add(
      'invalid_mapping',
      path,
      'transform must be a hook name, or {hook: name, adds: [column, …]}',
    );
    return undefined;
  }
  const { hook: name, adds = [], ...rest } = spec as { hook: string; adds?: unknown };
  for (const key of Object.keys(rest))
    env.sink.add(
      'invalid_mapping',
      [...path, key],
      `unknown key "${key}" in transform; keys: hook, adds`,
      true,
    );
  if (!Array.isArray(adds) || !adds.every((column) => typeof column === 'string')) {
    env.sink.add('invalid_mapping', [...path, 'adds'], 'adds must be a list of column names');
    return undefined;
  }
  const at = typeof raw === 'string' ? path : [...path, 'hook'];
  const fn = env.hooks?.[name];
  if (typeof fn !== 'function') {
    const why = env.hooks
      ? `the hooks module exports no function "${name}"`
      : 'no hooks module is loaded (set `hooks:` at the top)';
    env.sink.add('unknown_hook', at, `unknown row hook "${name}": ${why}`);
    const error: Rejection = { field: 'row', code: 'hook_failed', message: `unknown row hook "${name}"` };
    return { adds, apply: () => ({ error }) };
  }
  const keys = new Map<string, string>();
  const columnOf = (row: Row) => (column: string) => {
    let key = keys.get(column);
    if (key === undefined) {
      const match = matchName(column, Object.keys(row));
      key = 'found' in match ? match.found : column;
      keys.set(column, key);
    }
    // Own columns only: `column('toString')` of a row without one is null, not Object.prototype's.
    return Object.hasOwn(row, key) ? (row[key] ?? null) : null;
  };
  return {
    adds,
    apply(row) {
      try {
        const result: unknown = fn(row, columnOf(row));
        if (result === null || result === undefined) return null;
        if (typeof result === 'object' && !Array.isArray(result)) return { row: result as Row };
        return {
          error: {
            field: 'row',
            code: 'hook_failed',
            message: `row hook "${name}" returned neither a row nor null`,
          },
        };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return {
          error: { field: 'row', code: 'hook_failed', message: `row hook "${name}" failed: ${message}` },
        };
      }
    },
  };
}

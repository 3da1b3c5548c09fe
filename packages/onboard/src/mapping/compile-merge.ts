import type { Row } from '../connectors/value.ts';
import { compileExpression } from './expressions/compile-expression.ts';
import type { ExpressionContext } from './expressions/compiled-expression.ts';
import { isBlank } from './expressions/text-value.ts';
import type { MappingPath } from './mapping-problem.ts';

/** Which values a merged record keeps: all of the latest member's, or per field the first non-empty, latest first. */
export const SURVIVORSHIP = ['latest', 'firstNonEmpty'] as const;
export type Survivorship = (typeof SURVIVORSHIP)[number];

/**
 * An entity's duplicate rule, compiled: records whose rows share one non-blank match key are one
 * record (transitively); `order` says which member is the latest. Evaluated on the source row.
 */
export interface MergeRule {
  /** The row's match keys, each prefixed with its key's index (an e-mail never equals a phone). */
  keys(row: Row): string[];
  /** The row's position in time (larger is later); null when unknown. */
  order(row: Row): unknown;
  readonly survivorship: Survivorship;
  /** The rule in words, for the run report: `match lower(trim(email)); latest by last_modified`. */
  readonly rule: string;
}

const MERGE_KEYS = ['match', 'order', 'survivorship'];

/** Compiles `merge: {match: [...], order: expr, survivorship: latest | firstNonEmpty}`. */
export function compileMerge(
  raw: unknown,
  path: MappingPath,
  context: ExpressionContext,
): MergeRule | undefined {
  if (raw === undefined) return undefined;
  const { sink } = context;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    sink.add(
      'invalid_mapping',
      path,
      'merge must be an object: {match: [keys], order: expression, survivorship}',
    );
    return undefined;
  }
  const node = raw as Readonly<Record<string, unknown>>;
  for (const key of Object.keys(node))
    if (!MERGE_KEYS.includes(key))
      sink.add(
        'invalid_mapping',
        [...path, key],
        `unknown key "${key}" of merge; keys: ${MERGE_KEYS.join(', ')}`,
      );
  const match = node.match;
  if (!Array.isArray(match) || match.length === 0) {
    sink.add(
      'invalid_mapping',
      [...path, 'match'],
      'match must be a list of keys: each an expression, or a list of expressions that must all agree',
    );
    return undefined;
  }
  const keys = match.map((key, i) => {
    const parts = Array.isArray(key) ? key : [key];
    if (parts.length === 0)
      sink.add('invalid_mapping', [...path, 'match', i], 'a composite key needs expressions');
    return parts.map((part, j) =>
      compileExpression(part, Array.isArray(key) ? [...path, 'match', i, j] : [...path, 'match', i], context),
    );
  });
  const order =
    node.order === undefined ? undefined : compileExpression(node.order, [...path, 'order'], context);
  const survivorship = node.survivorship ?? 'latest';
  if (!(SURVIVORSHIP as readonly unknown[]).includes(survivorship))
    sink.add(
      'invalid_mapping',
      [...path, 'survivorship'],
      `survivorship must be ${SURVIVORSHIP.join(' or ')}`,
    );
  if (order === undefined)
    sink.add(
      'invalid_mapping',
      [...path, 'order'],
      'merge needs `order`: the expression that says which record is latest',
    );
  const evaluators = keys.map((parts) => parts.map((part) => part.evaluate));
  return {
    keys(row) {
      const out: string[] = [];
      evaluators.forEach((parts, i) => {
        const values: string[] = [];
        for (const part of parts) {
          let value: unknown;
          try {
            value = part(row);
          } catch {
            return; // a value the key cannot read (a bad number) matches nothing
          }
          if (isBlank(value)) return;
          values.push(typeof value === 'string' ? value : JSON.stringify(value));
        }
        out.push(`${i}\u0000${values.join('\u0000')}`);
      });
      return out;
    },
    order(row) {
      try {
        return order?.evaluate(row) ?? null;
      } catch {
        return null;
      }
    },
    survivorship: survivorship as Survivorship,
    rule: `match ${match.map((key) => JSON.stringify(key)).join(' or ')}; ${String(survivorship)} by ${JSON.stringify(node.order)}`,
  };
}

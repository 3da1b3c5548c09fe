import type { Row, ValueType } from '../../connectors/value.ts';
import type { MappingPath, ProblemSink } from '../mapping-problem.ts';

/** What an expression yields, as far as is known before reading a row (`any`: unknown). */
export type ExprType = ValueType | 'any';

/** An expression compiled once into a plain function of the row. It may throw `ValueError`. */
export interface CompiledExpression {
  readonly evaluate: (row: Row) => unknown;
  readonly type: ExprType;
  /**
   * Every value the expression can give, when that is known before reading a row (constants,
   * and `when`/`lookup` over constants), so the check can test them against an enum.
   */
  readonly outcomes?: readonly unknown[];
}

/** A source column as an expression sees it. */
export interface ColumnAccess {
  readonly evaluate: (row: Row) => unknown;
  readonly type: ExprType;
}

/** What compiling an expression needs from the mapping around it. */
export interface ExpressionContext {
  readonly sink: ProblemSink;
  /** Resolves a column of the entity's stream; reports `unknown_column` itself. */
  column(name: string, path: MappingPath): ColumnAccess;
  /** A function exported by the hooks module; reports `unknown_hook` itself. */
  hook(name: string, path: MappingPath): ((...args: unknown[]) => unknown) | undefined;
  /** A named value map from `lookups`; reports `unknown_lookup` itself. */
  lookup(name: string, path: MappingPath): Readonly<Record<string, unknown>> | undefined;
  /**
   * The source's time zone (`--timezone`): where wall-clock text without an offset is read, by
   * `timestamp` expressions without their own `timezone` and by timestamp fields. Default UTC.
   */
  readonly timeZone?: string;
}

/** Stands in for an expression that has a problem, so analysis goes on and reports the rest. */
export const BROKEN: CompiledExpression = { evaluate: () => null, type: 'any' };

/** Constant-valued expression. */
export function constant(value: unknown): CompiledExpression {
  return { evaluate: () => value, type: typeOfValue(value), outcomes: [value] };
}

/** The outcomes of several alternatives, when each one's are known. */
export function allOutcomes(parts: readonly (CompiledExpression | undefined)[]): { outcomes?: unknown[] } {
  const outcomes: unknown[] = [];
  for (const part of parts) {
    if (part === undefined) outcomes.push(null);
    else if (part.outcomes === undefined) return {};
    else outcomes.push(...part.outcomes);
  }
  return { outcomes };
}

/** The value type of a JS constant. */
export function typeOfValue(value: unknown): ExprType {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  if (value !== null && typeof value === 'object') return 'json';
  return 'any';
}

/** The common type of several expressions, or `any` when they differ. */
export function commonType(types: readonly ExprType[]): ExprType {
  const known = types.filter((type) => type !== 'any');
  const first = known[0];
  if (first === undefined || known.length !== types.length) return 'any';
  return known.every((type) => type === first) ? first : 'any';
}

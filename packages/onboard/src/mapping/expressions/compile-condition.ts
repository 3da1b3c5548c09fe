import type { Row } from '../../connectors/value.ts';
import type { MappingPath } from '../mapping-problem.ts';
import { constant, type ExpressionContext } from './compiled-expression.ts';
import { addDecimals, type Decimal, negateDecimal, toDecimal } from './decimal-math.ts';
import type { SubCompiler } from './operator.ts';
import { canonicalDecimal, numberToDecimal } from './parse-number.ts';
import { isBlank } from './text-value.ts';

/** A compiled condition. */
export type Predicate = (row: Row) => boolean;

const COMPARISONS: Record<string, (order: number) => boolean> = {
  eq: (order) => order === 0,
  ne: (order) => order !== 0,
  gt: (order) => order > 0,
  gte: (order) => order >= 0,
  lt: (order) => order < 0,
  lte: (order) => order <= 0,
};

/** Every condition operator, for the checks and the JSON Schema. */
export const CONDITION_OPERATORS = [
  ...Object.keys(COMPARISONS),
  'in',
  'isNull',
  'notNull',
  'isBlank',
  'matches',
  'and',
  'or',
  'not',
];

/**
 * Orders two values: as exact decimals when both are numbers or number text in the plain form
 * arithmetic reads (`"12.50"` equals `12.5`; 9007199254740993 is more than 9007199254740992), else
 * as text; a number against text that is no number is unordered. Null equals only null and is
 * neither greater nor smaller than anything (NaN order); an object or list equals only the same JSON.
 */
export function compare(left: unknown, right: unknown): number {
  if (left === null || left === undefined || right === null || right === undefined) {
    return (left ?? null) === (right ?? null) ? 0 : Number.NaN;
  }
  if (typeof left === 'object' || typeof right === 'object')
    return showJson(left) === showJson(right) ? 0 : Number.NaN;
  if (typeof left === 'boolean' || typeof right === 'boolean')
    return String(left) === String(right) ? 0 : Number.NaN;
  // Two numbers order exactly as doubles (the sign of a difference is exact): no decimals per row.
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  const a = exactNumber(left);
  const b = exactNumber(right);
  if (a && b) {
    const difference = addDecimals(a, negateDecimal(b)).units;
    return difference === 0n ? 0 : difference < 0n ? -1 : 1;
  }
  if (typeof left === 'number' || typeof right === 'number') return Number.NaN;
  const x = String(left);
  const y = String(right);
  return x < y ? -1 : x > y ? 1 : 0;
}

const PLAIN_NUMBER = /^\s*[+-]?(\d+(\.\d+)?|\.\d+)\s*$/;

function exactNumber(value: unknown): Decimal | undefined {
  if (typeof value === 'number')
    return Number.isFinite(value) ? toDecimal(numberToDecimal(value)) : undefined;
  if (typeof value === 'bigint') return toDecimal(String(value));
  if (typeof value !== 'string' || !PLAIN_NUMBER.test(value)) return undefined;
  return toDecimal(canonicalDecimal(value.trim()));
}

function showJson(value: unknown): string | undefined {
  try {
    return typeof value === 'object' ? JSON.stringify(value) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The right-hand side of a comparison is a value (a bare string is text, not a column); write
 * `{column: X}` or any other operator object to compare with an expression.
 */
function operand(raw: unknown, path: MappingPath, sub: SubCompiler) {
  const isExpression = raw !== null && typeof raw === 'object' && !Array.isArray(raw);
  return isExpression ? sub(raw, path).evaluate : constant(raw).evaluate;
}

/** Compiles `{eq: [Status, 'A']}`, `{in: [Country, [US, CA]]}`, `{and: [...]}`, `{isNull: Email}`, … */
export function compileCondition(
  raw: unknown,
  path: MappingPath,
  context: ExpressionContext,
  sub: SubCompiler,
): Predicate {
  const bad = (message: string, at: MappingPath = path): Predicate => {
    context.sink.add('bad_expression', at, message);
    return () => false;
  };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return bad(
      `a condition must be an object like {eq: [Column, value]}; one of: ${CONDITION_OPERATORS.join(', ')}`,
    );
  }
  const keys = Object.keys(raw);
  const op = keys[0];
  if (keys.length !== 1 || op === undefined) {
    return bad(
      `a condition has exactly one operator (${CONDITION_OPERATORS.join(', ')}), found: ${keys.join(', ') || 'none'}`,
    );
  }
  const arg = (raw as Record<string, unknown>)[op];
  const at: MappingPath = [...path, op];
  const compareBy = Object.hasOwn(COMPARISONS, op) ? COMPARISONS[op] : undefined;
  if (compareBy || op === 'in' || op === 'matches') {
    if (!Array.isArray(arg) || arg.length !== 2)
      return bad(`${op} takes a list of two: [expression, value]`, at);
    const left = sub(arg[0], [...at, 0]).evaluate;
    if (compareBy) {
      const right = operand(arg[1], [...at, 1], sub);
      return (row) => compareBy(compare(left(row), right(row)));
    }
    if (op === 'in') {
      if (!Array.isArray(arg[1])) return bad('in takes [expression, [value, …]]', [...at, 1]);
      const values: unknown[] = arg[1];
      return (row) => {
        const value = left(row);
        return values.some((candidate) => compare(value, candidate) === 0);
      };
    }
    let regex: RegExp;
    try {
      regex = new RegExp(String(arg[1]), 'u');
    } catch (error) {
      return bad(`bad regular expression: ${(error as Error).message}`, [...at, 1]);
    }
    return (row) => {
      const value = left(row);
      // objects and lists are not text, so no pattern matches them
      return value !== null && value !== undefined && typeof value !== 'object' && regex.test(String(value));
    };
  }
  if (op === 'isNull' || op === 'notNull' || op === 'isBlank') {
    const inner = sub(arg, at).evaluate;
    if (op === 'isNull') return (row) => (inner(row) ?? null) === null;
    if (op === 'notNull') return (row) => (inner(row) ?? null) !== null;
    return (row) => isBlank(inner(row));
  }
  if (op === 'and' || op === 'or') {
    if (!Array.isArray(arg)) return bad(`${op} takes a list of conditions`, at);
    const parts = arg.map((item, i) => compileCondition(item, [...at, i], context, sub));
    return op === 'and'
      ? (row) => parts.every((part) => part(row))
      : (row) => parts.some((part) => part(row));
  }
  if (op === 'not') {
    const inner = compileCondition(arg, at, context, sub);
    return (row) => !inner(row);
  }
  return bad(`unknown condition "${op}"; one of: ${CONDITION_OPERATORS.join(', ')}`, at);
}

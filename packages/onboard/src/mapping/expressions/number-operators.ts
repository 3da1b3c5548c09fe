import type { Row } from '../../connectors/value.ts';
import type { MappingPath } from '../mapping-problem.ts';
import { showValue, ValueError } from '../value-error.ts';
import { expectOperand } from './arithmetic-types.ts';
import type { ExpressionContext } from './compiled-expression.ts';
import { BROKEN, type CompiledExpression } from './compiled-expression.ts';
import {
  addDecimals,
  type Decimal,
  divideDecimals,
  fromDecimal,
  limitScale,
  MAX_SCALE,
  multiplyDecimals,
  negateDecimal,
  ROUNDING_MODES,
  type RoundingMode,
  roundDecimalTo,
  toDecimal,
} from './decimal-math.ts';
import { listArgument, type Operator, type SubCompiler, stringOption } from './operator.ts';
import { DEFAULT_NUMBER_FORMAT, decimalReader } from './parse-number.ts';

/**
 * Exact arithmetic: `add`, `subtract`, `multiply`, `divide`, `round`. Operands are numbers or
 * number text in the canonical form (`1234.50`; parse other forms with `decimal` first); the
 * result is an exact decimal string like `decimal` gives. A null or blank operand gives null, as
 * in SQL.
 */

const readNumber = decimalReader(DEFAULT_NUMBER_FORMAT);

type Evaluate = (row: Row) => Decimal | null;

function operand(expression: CompiledExpression): Evaluate {
  const fn = expression.evaluate;
  return (row) => {
    const value = fn(row);
    if (typeof value === 'boolean' || (value !== null && typeof value === 'object'))
      throw new ValueError('invalid_number', `not a number: ${showValue(value)}`);
    const text = readNumber(value);
    return text === null ? null : toDecimal(text);
  };
}

function operands(
  name: string,
  node: Readonly<Record<string, unknown>>,
  path: MappingPath,
  context: ExpressionContext,
  sub: SubCompiler,
  count?: number,
): Evaluate[] | undefined {
  const at = [...path, name];
  const raw = listArgument(node[name], at, context, name);
  const enough = count === undefined ? raw.length >= 2 : raw.length === count;
  if (!enough) {
    context.sink.add('bad_expression', at, `${name} takes ${count ?? 'at least 2'} expressions`);
    return undefined;
  }
  return raw.map((item, i) => {
    const compiled = sub(item, [...at, i]);
    expectOperand(compiled, 'number', name, [...at, i], context);
    return operand(compiled);
  });
}

function fold(
  parts: Evaluate[],
  step: (a: Decimal, b: Decimal) => Decimal,
  finish: (total: Decimal) => Decimal = (total) => total,
): CompiledExpression {
  return {
    type: 'decimal',
    evaluate: (row) => {
      let total: Decimal | null = null;
      for (const part of parts) {
        const value = part(row);
        if (value === null) return null;
        total = total === null ? value : step(total, value);
      }
      return total === null ? null : fromDecimal(finish(total));
    },
  };
}

function scaleOption(
  node: Readonly<Record<string, unknown>>,
  path: MappingPath,
  context: ExpressionContext,
  fallback: number,
): number {
  const scale = node.scale ?? fallback;
  if (Number.isInteger(scale) && (scale as number) >= 0 && (scale as number) <= MAX_SCALE)
    return scale as number;
  context.sink.add('bad_expression', [...path, 'scale'], `scale must be a whole number 0-${MAX_SCALE}`);
  return fallback;
}

function modeOption(
  node: Readonly<Record<string, unknown>>,
  path: MappingPath,
  context: ExpressionContext,
): RoundingMode {
  const mode = stringOption(node, 'mode', path, context) ?? 'halfUp';
  if ((ROUNDING_MODES as readonly string[]).includes(mode)) return mode as RoundingMode;
  context.sink.add('bad_expression', [...path, 'mode'], `mode must be one of ${ROUNDING_MODES.join(', ')}`);
  return 'halfUp';
}

/** `{add: [Subtotal, Tax, Shipping]}`: the exact sum. */
export const add: Operator = {
  options: [],
  description: 'the exact sum of two or more numbers',
  compile(node, path, context, sub) {
    const parts = operands('add', node, path, context, sub);
    return parts ? fold(parts, addDecimals) : BROKEN;
  },
};

/** `{subtract: [Total, Discount]}`: the first minus the second. */
export const subtract: Operator = {
  options: [],
  description: 'the first number minus the second, exactly',
  compile(node, path, context, sub) {
    const parts = operands('subtract', node, path, context, sub, 2);
    return parts ? fold(parts, (a, b) => addDecimals(a, negateDecimal(b))) : BROKEN;
  },
};

/** `{multiply: [Quantity, UnitPrice]}`: the exact product (past MAX_SCALE places, rounded once at the end). */
export const multiply: Operator = {
  options: [],
  description: 'the exact product of two or more numbers',
  compile(node, path, context, sub) {
    const parts = operands('multiply', node, path, context, sub);
    return parts ? fold(parts, multiplyDecimals, limitScale) : BROKEN;
  },
};

/** `{divide: [Total, Count], scale: 2}`: the quotient rounded to `scale` digits (by `mode`). */
export const divide: Operator = {
  options: ['scale', 'mode'],
  required: ['scale'],
  description: 'the first number divided by the second, rounded to `scale` digits by `mode`',
  compile(node, path, context, sub) {
    const parts = operands('divide', node, path, context, sub, 2);
    const scale = scaleOption(node, path, context, 0);
    const mode = modeOption(node, path, context);
    return parts ? fold(parts, (a, b) => divideDecimals(a, b, scale, mode)) : BROKEN;
  },
};

/** `{round: Price, scale: 2, mode: halfEven}`: rounded to `scale` digits (default 0, halfUp). */
export const round: Operator = {
  options: ['scale', 'mode'],
  description:
    'rounds to `scale` fractional digits (default 0); `mode`: halfUp (default, half away from zero), halfEven, floor, ceiling, down',
  compile(node, path, context, sub) {
    const inner = sub(node.round, [...path, 'round']);
    expectOperand(inner, 'number', 'round', [...path, 'round'], context);
    const read = operand(inner);
    const scale = scaleOption(node, path, context, 0);
    const mode = modeOption(node, path, context);
    return {
      type: 'decimal',
      evaluate: (row) => {
        const value = read(row);
        return value === null ? null : fromDecimal(roundDecimalTo(value, scale, mode));
      },
    };
  },
};

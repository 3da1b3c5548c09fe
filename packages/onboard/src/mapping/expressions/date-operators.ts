import type { Row } from '../../connectors/value.ts';
import { showValue, ValueError } from '../value-error.ts';
import { expectOperand } from './arithmetic-types.ts';
import {
  daysBetween as between,
  addDays as plusDays,
  addMonths as plusMonths,
  readMoment,
} from './calendar-math.ts';
import { BROKEN, type CompiledExpression, type ExprType } from './compiled-expression.ts';
import { listArgument, type Operator, type SubCompiler, zoneOption } from './operator.ts';
import { isBlank } from './text-value.ts';

/**
 * `addDays`, `addMonths`, `daysBetween`: calendar arithmetic on dates and timestamps
 * (calendar-math.ts). Instants move in `timezone` (default: the source's --timezone, UTC).
 */

/** Decimal digits of a whole number, as text (`5`, `-3`, `+2`, a decimal's `5.00`). */
const WHOLE_TEXT = /^[+-]?\d+(?:\.0+)?$/;

/**
 * A whole number of days or months from a number or number text; null when blank. Text is read as
 * decimal digits only: `Number` would also read `0x10` as 16, `1e3` as 1000 and `0b1` as 1.
 */
function wholeNumber(value: unknown, what: string): number | null {
  if (isBlank(value)) return null;
  const text = typeof value === 'string' ? value.trim() : undefined;
  const number = text === undefined ? value : WHOLE_TEXT.test(text) ? Number(text) : Number.NaN;
  if (typeof number === 'number' && Number.isSafeInteger(number)) return number;
  throw new ValueError('invalid_integer', `${what} must be a whole number, got ${showValue(value)}`);
}

/** A date stays a date, a timestamp a timestamp; text can be either. */
function resultType(type: ExprType): ExprType {
  return type === 'date' || type === 'timestamp' ? type : 'any';
}

function shifter(
  name: 'addDays' | 'addMonths',
  amountKey: 'days' | 'months',
  shift: typeof plusDays,
): Operator {
  return {
    options: [amountKey, 'timezone'],
    required: [amountKey],
    description:
      name === 'addDays'
        ? 'a date or timestamp plus `days` calendar days (negative: earlier); timestamps move in `timezone`'
        : 'a date or timestamp plus `months` calendar months, clamped to the month end; timestamps move in `timezone`',
    compile(node, path, context, sub: SubCompiler): CompiledExpression {
      const inner = sub(node[name], [...path, name]);
      expectOperand(inner, 'date', name, [...path, name], context);
      const amount = sub(node[amountKey], [...path, amountKey]);
      expectOperand(amount, 'number', `${name} ${amountKey}`, [...path, amountKey], context);
      const zone = zoneOption(node, path, context);
      const read = inner.evaluate;
      const count = amount.evaluate;
      return {
        type: resultType(inner.type),
        evaluate: (row: Row) => {
          const value = read(row);
          const moment = readMoment(value, zone);
          const n = wholeNumber(count(row), amountKey);
          if (moment === null || n === null) return null;
          return shift(moment, n, zone, value);
        },
      };
    },
  };
}

/** `{addDays: DueDate, days: 30}`. */
export const addDays = shifter('addDays', 'days', plusDays);

/** `{addMonths: StartDate, months: TermMonths}`. */
export const addMonths = shifter('addMonths', 'months', plusMonths);

/** `{daysBetween: [InvoiceDate, PaidAt]}`: calendar days from the first to the second. */
export const daysBetween: Operator = {
  options: ['timezone'],
  description:
    'calendar days from the first date or timestamp to the second; timestamps count by their day in `timezone`',
  compile(node, path, context, sub) {
    const at = [...path, 'daysBetween'];
    const raw = listArgument(node.daysBetween, at, context, 'daysBetween');
    if (raw.length !== 2) {
      context.sink.add('bad_expression', at, 'daysBetween takes [from, to]');
      return BROKEN;
    }
    const [from, to] = raw.map((item, i) => {
      const compiled = sub(item, [...at, i]);
      expectOperand(compiled, 'date', 'daysBetween', [...at, i], context);
      return compiled.evaluate;
    }) as [CompiledExpression['evaluate'], CompiledExpression['evaluate']];
    const zone = zoneOption(node, path, context);
    return {
      type: 'integer',
      evaluate: (row) => {
        const start = readMoment(from(row), zone);
        const end = readMoment(to(row), zone);
        return start === null || end === null ? null : between(start, end, zone);
      },
    };
  },
};

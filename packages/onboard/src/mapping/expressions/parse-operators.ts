import type { MappingPath } from '../mapping-problem.ts';
import { showValue, ValueError } from '../value-error.ts';
import type { ExpressionContext } from './compiled-expression.ts';
import { compileDateFormat, type DateParts } from './date-format.ts';
import { calendarDate, parseIso, toUtc, wireTimestamp } from './date-instant.ts';
import { MAX_SCALE } from './decimal-math.ts';
import { type Operator, stringOption, zoneOption } from './operator.ts';
import { DEFAULT_NUMBER_FORMAT, decimalReader, type NumberFormat, roundDecimal } from './parse-number.ts';
import { isBlank } from './text-value.ts';

const NUMBER_OPTIONS = ['decimalSeparator', 'groupSeparator'];
const WHOLE = /^-?\d+(\.0+)?$/;

function numberFormat(
  node: Readonly<Record<string, unknown>>,
  path: MappingPath,
  context: ExpressionContext,
): NumberFormat {
  const decimalSeparator = stringOption(node, 'decimalSeparator', path, context) ?? '.';
  const groupSeparator =
    stringOption(node, 'groupSeparator', path, context) ??
    (decimalSeparator === ',' ? '.' : DEFAULT_NUMBER_FORMAT.groupSeparator);
  if (decimalSeparator.length !== 1 || decimalSeparator === groupSeparator) {
    context.sink.add(
      'bad_expression',
      [...path, 'decimalSeparator'],
      'decimalSeparator must be one character, unlike groupSeparator',
    );
  }
  return { decimalSeparator, groupSeparator };
}

/** `{decimal: Total, decimalSeparator: ',', scale: 2}`: an exact decimal string (`"1234.50"`). */
export const decimal: Operator = {
  options: [...NUMBER_OPTIONS, 'scale'],
  description: 'parses an exact decimal; `scale` rounds half away from zero',
  compile(node, path, context, sub) {
    const inner = sub(node.decimal, [...path, 'decimal']).evaluate;
    const read = decimalReader(numberFormat(node, path, context));
    const scale = node.scale;
    const valid = Number.isInteger(scale) && (scale as number) >= 0 && (scale as number) <= MAX_SCALE;
    if (scale !== undefined && !valid)
      context.sink.add('bad_expression', [...path, 'scale'], `scale must be a whole number 0-${MAX_SCALE}`);
    const places = valid ? (scale as number) : undefined;
    return {
      type: 'decimal',
      evaluate: (row) => {
        const text = read(inner(row));
        return text === null || places === undefined ? text : roundDecimal(text, places);
      },
    };
  },
};

/** `{integer: Qty}`: a whole number; `"1.234"` with `groupSeparator: '.'` is 1234. */
export const integer: Operator = {
  options: NUMBER_OPTIONS,
  description: 'parses a whole number',
  compile(node, path, context, sub) {
    const inner = sub(node.integer, [...path, 'integer']).evaluate;
    const read = decimalReader(numberFormat(node, path, context));
    return {
      type: 'integer',
      evaluate: (row) => {
        const text = read(inner(row));
        if (text === null) return null;
        const value = Number(text);
        // `Number` rounds: 1000.00000000000000001 would pass as 1000; only zeros may follow the point.
        if (!Number.isSafeInteger(value) || !WHOLE.test(text))
          throw new ValueError('invalid_integer', `not a whole number: ${showValue(text)}`);
        return value;
      },
    };
  },
};

/** `{number: Weight}`: a floating-point number. */
export const number: Operator = {
  options: NUMBER_OPTIONS,
  description: 'parses a (floating-point) number',
  compile(node, path, context, sub) {
    const inner = sub(node.number, [...path, 'number']).evaluate;
    const read = decimalReader(numberFormat(node, path, context));
    return {
      type: 'float',
      evaluate: (row) => {
        const text = read(inner(row));
        if (text === null) return null;
        const value = Number(text);
        if (!Number.isFinite(value))
          throw new ValueError('invalid_number', `too large for a floating-point number: ${showValue(text)}`);
        return value;
      },
    };
  },
};

/** Compiles the `format` and `timezone` options shared by `date` and `timestamp`. */
function dateReader(
  node: Readonly<Record<string, unknown>>,
  path: MappingPath,
  context: ExpressionContext,
): (text: string) => DateParts {
  const format = stringOption(node, 'format', path, context);
  if (format === undefined) return parseIso;
  try {
    return compileDateFormat(format);
  } catch (error) {
    context.sink.add('bad_expression', [...path, 'format'], (error as Error).message);
    return parseIso;
  }
}

/** Text of a date input; already-normalised timestamps and dates pass through the ISO parser. */
function dateText(value: unknown): string | null {
  if (isBlank(value)) return null;
  if (typeof value === 'string') return value;
  throw new ValueError('invalid_date', `not a date: ${showValue(value)}`);
}

/** `{date: BirthDate, format: dd.MM.yyyy}`: a calendar day `YYYY-MM-DD`. */
export const date: Operator = {
  options: ['format', 'timezone'],
  description:
    "parses a calendar date (ISO-8601, or `format`); an instant gives its day in `timezone` (default: the source's --timezone, UTC)",
  compile(node, path, context, sub) {
    const inner = sub(node.date, [...path, 'date']).evaluate;
    const read = dateReader(node, path, context);
    const zone = zoneOption(node, path, context);
    return {
      type: 'date',
      evaluate: (row) => {
        const text = dateText(inner(row));
        if (text === null) return null;
        return calendarDate(read(text), zone, text);
      },
    };
  },
};

/** `{timestamp: Created, format: 'dd/MM/yyyy HH:mm', timezone: Europe/Paris}`: an instant in UTC. */
export const timestamp: Operator = {
  options: ['format', 'timezone'],
  description:
    "parses a timestamp; wall-clock times are read in `timezone` (default: the source's --timezone, UTC)",
  compile(node, path, context, sub) {
    const inner = sub(node.timestamp, [...path, 'timestamp']).evaluate;
    const read = dateReader(node, path, context);
    const zone = zoneOption(node, path, context);
    return {
      type: 'timestamp',
      evaluate: (row) => {
        const text = dateText(inner(row));
        if (text === null) return null;
        const { millis, micros } = toUtc(read(text), zone, text);
        return wireTimestamp(millis, micros, text);
      },
    };
  },
};

const TRUE = new Set(['true', 't', 'yes', 'y', '1', 'on']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0', 'off']);

/** Reads vendor booleans: true/false, 1/0, yes/no, y/n, t/f, on/off (any case). */
export function readBoolean(value: unknown): boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  // an object or list is no yes/no ([1] would read as "1", [] as blank, a bare object would throw)
  if (typeof value === 'object' || typeof value === 'symbol' || typeof value === 'function')
    throw new ValueError('invalid_boolean', `not a yes/no value: ${showValue(value)}`);
  const text = String(value).trim().toLowerCase();
  if (text === '') return null;
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  throw new ValueError('invalid_boolean', `not a yes/no value: ${showValue(value)}`);
}

/** `{boolean: IsActive}`: a boolean from the usual vendor spellings. */
export const boolean: Operator = {
  options: [],
  description: 'parses yes/no, y/n, true/false, t/f, 1/0, on/off',
  compile(node, path, _context, sub) {
    const inner = sub(node.boolean, [...path, 'boolean']).evaluate;
    return { type: 'boolean', evaluate: (row) => readBoolean(inner(row)) };
  },
};

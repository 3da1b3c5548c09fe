import type { FieldSchema, FieldType } from '@madeup/contract';
import type { ExprType } from './expressions/compiled-expression.ts';
import {
  CANONICAL_DATE,
  CANONICAL_TIMESTAMP,
  calendarDate,
  parseIso,
  toUtc,
  wireTimestamp,
} from './expressions/date-instant.ts';
import { DEFAULT_NUMBER_FORMAT, decimalReader } from './expressions/parse-number.ts';
import { readBoolean } from './expressions/parse-operators.ts';
import { toText } from './expressions/text-value.ts';
import { showValue, ValueError } from './value-error.ts';

/**
 * Which source value types can become which field types. Text converts to anything at run time
 * (a bad value is a per-row error); the pairs missing here can never convert, and the mapping
 * check reports them.
 */
const CONVERTIBLE: Readonly<Record<FieldType, readonly ExprType[]>> = {
  string: ['string', 'integer', 'bigint', 'decimal', 'float', 'boolean', 'timestamp', 'date', 'time', 'uuid'],
  email: ['string'],
  integer: ['string', 'integer', 'bigint', 'decimal', 'float'],
  decimal: ['string', 'integer', 'bigint', 'decimal', 'float'],
  boolean: ['string', 'integer', 'boolean'],
  timestamp: ['string', 'timestamp', 'date'],
  date: ['string', 'timestamp', 'date'],
  enum: ['string', 'integer', 'bigint', 'boolean'],
  currency: ['string'],
  country: ['string'],
  json: [
    'string',
    'integer',
    'bigint',
    'decimal',
    'float',
    'boolean',
    'timestamp',
    'date',
    'time',
    'uuid',
    'json',
  ],
  object: ['json'],
};

/** False when a value of type `from` can never become a `to` field. */
export function canConvert(from: ExprType, to: FieldType): boolean {
  return from === 'any' || CONVERTIBLE[to].includes(from);
}

const readDecimal = decimalReader(DEFAULT_NUMBER_FORMAT);
const CURRENCY = /^[A-Z]{3}$/;

/**
 * Builds the function that turns an expression's value into the wire value of `field`. Null, and
 * blank text for anything but an optional string, is null; for a required field it is a
 * `required` error.
 */
export function fieldConverter(field: FieldSchema, timeZone = 'UTC'): (value: unknown) => unknown {
  const convert = converterFor(field, timeZone);
  const required = field.required;
  return (value) => {
    const blank = typeof value === 'string' && value.trim() === '';
    if (value === null || value === undefined || (blank && (required || field.type !== 'string'))) {
      if (required) throw new ValueError('required', `${field.name} is required but the value is empty`);
      return null;
    }
    return convert(value);
  };
}

function converterFor(field: FieldSchema, timeZone: string): (value: unknown) => unknown {
  switch (field.type) {
    case 'string':
    case 'email':
      return (value) => {
        const text = toText(value)!;
        if (field.maxLength !== undefined && text.length > field.maxLength) {
          throw new ValueError('too_long', `${showValue(text)} is longer than ${field.maxLength} characters`);
        }
        return text;
      };
    case 'integer':
      return (value) => {
        const parsed = Number(readDecimal(value));
        if (!Number.isSafeInteger(parsed))
          throw new ValueError('invalid_integer', `not a whole number: ${showValue(value)}`);
        return parsed;
      };
    case 'decimal':
      return (value) => readDecimal(value);
    case 'boolean':
      return (value) => readBoolean(value);
    case 'timestamp':
      return (value) => {
        const text = toText(value)!;
        if (CANONICAL_TIMESTAMP.test(text)) return text;
        const { millis, micros } = toUtc(parseIso(text), timeZone, text);
        return wireTimestamp(millis, micros, text);
      };
    case 'date':
      return (value) => {
        const text = toText(value)!;
        if (CANONICAL_DATE.test(text)) return text;
        return calendarDate(parseIso(text), timeZone, text);
      };
    case 'enum':
      return enumConverter(field.enum ?? []);
    case 'currency':
      return (value) => {
        const code = toText(value)!.trim().toUpperCase();
        if (!CURRENCY.test(code))
          throw new ValueError('invalid_currency', `not an ISO 4217 code: ${showValue(value)}`);
        return code;
      };
    // Trimmed and upper-cased like currencies; core checks the code against the ISO 3166-1 list.
    case 'country':
      return (value) => toText(value)!.trim().toUpperCase();
    case 'json':
      return (value) => value;
    case 'object':
      return (value) => {
        if (typeof value === 'object' && !Array.isArray(value)) return value;
        throw new ValueError('invalid_type', `expected an object, got ${showValue(value)}`);
      };
  }
}

/** Exact match first, then case-insensitive (vendor `PAID` becomes `paid`). */
function enumConverter(values: readonly string[]): (value: unknown) => string {
  const folded = new Map(values.map((value) => [value.toLowerCase(), value]));
  return (value) => {
    const text = toText(value)!;
    if (values.includes(text)) return text;
    const match = folded.get(text.trim().toLowerCase());
    if (match !== undefined) return match;
    throw new ValueError('invalid_enum', `${showValue(text)} is not one of ${values.join(', ')}`);
  };
}

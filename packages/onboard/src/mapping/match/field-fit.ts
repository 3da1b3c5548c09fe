import type { FieldSchema } from '@madeup/contract';
import type { ColumnInfo } from '../../connectors/connector.ts';
import { canConvert } from '../field-conversion.ts';
import type { Expression } from '../mapping-document.ts';
import { columnReference } from './column-reference.ts';

/**
 * The expression that fills `field` from `column`, with the conversion the pair needs, or
 * undefined when the column's type can never become the field's (`canConvert`, the check's rule).
 * Text into numbers, dates and booleans is parsed (`{decimal: Total}`); a timestamp into a date
 * field takes its day; e-mail addresses are trimmed and lower-cased.
 */
export function fieldExpression(field: FieldSchema, column: ColumnInfo): Expression | undefined {
  if (column.unsupported !== undefined || !canConvert(column.type, field.type)) return undefined;
  const name = columnReference(column.name);
  const text = column.type === 'string';
  switch (field.type) {
    case 'email':
      return { lower: { trim: name } };
    case 'decimal':
      return text ? { decimal: name } : name;
    case 'integer':
      return text ? { integer: name } : name;
    case 'boolean':
      return text ? { boolean: name } : name;
    case 'timestamp':
      return text ? { timestamp: name } : name;
    case 'date':
      return text || column.type === 'timestamp' ? { date: name } : name;
    case 'string':
      return text ? { trim: name } : name;
    default:
      return name;
  }
}

/** How well a column's type suits a field, 0..1: the same kind of value best, text last. */
export function typeFit(field: FieldSchema, column: ColumnInfo): number {
  if (column.unsupported !== undefined || !canConvert(column.type, field.type)) return 0;
  const families: Record<string, readonly string[]> = {
    integer: ['integer', 'bigint'],
    decimal: ['decimal', 'float', 'integer', 'bigint'],
    boolean: ['boolean'],
    timestamp: ['timestamp'],
    date: ['date', 'timestamp'],
    json: ['json'],
    string: ['string'],
    email: ['string'],
    currency: ['string'],
    country: ['string'],
    enum: ['string'],
  };
  if (families[field.type]?.includes(column.type)) return 1;
  return column.type === 'string' ? 0.6 : 0.4;
}

import type { SourceValue } from '../value.ts';
import type { ColumnSpec } from './column-spec.ts';
import { toNaiveTimestamp } from './timestamps.ts';

/** A normalised value back into what the database compares it with (bounds, resume points, cursors). */
export function encodeParam(value: SourceValue, spec: ColumnSpec, timeZone: string): unknown {
  if (value === null) return null;
  switch (spec.type) {
    case 'binary':
      return Buffer.from(String(value), 'base64');
    case 'timestamp':
      return spec.zoned ? value : toNaiveTimestamp(String(value), timeZone);
    case 'json':
      return JSON.stringify(value);
    default:
      return value;
  }
}

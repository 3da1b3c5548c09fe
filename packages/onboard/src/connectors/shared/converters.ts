import { isUtf8 } from 'node:buffer';
import { calendarMillis } from '@madeup/contract';
import { isWallTime } from '../../time/calendar-day.ts';
import type { SourceJson, SourceValue } from '../value.ts';
import { fixedDecimal, integerDigits } from './fixed-decimal.ts';
import { toUtcTimestamp, utcTimestampReader } from './timestamps.ts';
import type { Converter, ValueContext } from './value-context.ts';

/** Value converters shared by every connector; each technology picks them per column. */

const invalid = (ctx: ValueContext, kind: string, value: unknown): null => {
  ctx.warn(`${ctx.stream}.${ctx.column}: ${String(value).slice(0, 40)} is not a valid ${kind}; read as null`);
  return null;
};

/**
 * Text. Bytes (SQLite: a blob in a text column) are decoded as UTF-8; bytes that are not UTF-8
 * cannot be kept in a text, so they are said once per column, never silently replaced.
 */
export function asString(ctx: ValueContext): Converter {
  let warned = false;
  return (v) => {
    if (typeof v === 'string') return v;
    if (!Buffer.isBuffer(v)) return String(v);
    if (!warned && !isUtf8(v)) {
      warned = true;
      ctx.warn(
        `${ctx.stream}.${ctx.column}: a blob that is not UTF-8 text in a text column; its invalid bytes ` +
          'read as U+FFFD, like every other such value of the column (cast it in a custom query to keep them)',
      );
    }
    return v.toString('utf8');
  };
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function asInteger(ctx: ValueContext): Converter {
  return (v) => {
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : v.toString();
    const n = Number(v);
    if (Number.isSafeInteger(n)) return n;
    // Exact text of an integer beyond 2^53 (SQLite selects it so): kept exact, as BigInt would be.
    return typeof v === 'string' && /^-?\d+$/.test(v) ? v : invalid(ctx, 'integer', v);
  };
}

export function asBigint(ctx: ValueContext): Converter {
  return (v) => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number') {
      // Same digits as toFixed(0) for a safe integer, and cheaper.
      if (Number.isSafeInteger(v)) return String(v);
      if (Number.isInteger(v)) return v.toFixed(0);
      return invalid(ctx, 'bigint', v);
    }
    if (typeof v === 'bigint') return v.toString();
    // A MySQL BIT(n) field: its bytes, big-endian, are an unsigned integer.
    if (Buffer.isBuffer(v)) return v.length === 0 ? '0' : BigInt(`0x${v.toString('hex')}`).toString();
    return invalid(ctx, 'bigint', v);
  };
}

/** Exact decimals as strings; a float from a driver (SQLite REAL) is printed with `scale` digits. */
export function asDecimal(ctx: ValueContext, scale?: number): Converter {
  return (v) => {
    if (typeof v === 'string') return v === 'NaN' ? invalid(ctx, 'decimal', v) : v;
    if (typeof v === 'bigint') return scale ? `${v}.${'0'.repeat(scale)}` : v.toString();
    if (typeof v === 'number' && Number.isFinite(v)) {
      if (scale !== undefined) return fixedDecimal(v, scale);
      const text = String(v);
      if (!text.includes('e')) return text;
      return Math.abs(v) >= 1e21 ? integerDigits(v) : v.toFixed(20).replace(/\.?0+$/, '');
    }
    return invalid(ctx, 'decimal', v);
  };
}

export function asFloat(ctx: ValueContext): Converter {
  return (v) => {
    const n = typeof v === 'number' ? v : Number(v);
    return Number.isNaN(n) && v !== 'NaN' ? invalid(ctx, 'float', v) : n;
  };
}

export function asBoolean(ctx: ValueContext): Converter {
  return (v) => {
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number' || typeof v === 'bigint') return v !== 0 && v !== 0n;
    if (Buffer.isBuffer(v)) return v.some((byte) => byte !== 0);
    if (typeof v === 'string') {
      const t = v.trim().toLowerCase();
      if (['1', 't', 'true', 'y', 'yes'].includes(t)) return true;
      if (['0', 'f', 'false', 'n', 'no'].includes(t)) return false;
    }
    return invalid(ctx, 'boolean', v);
  };
}

/** A fraction of a second with a non-zero digit past the sixth: finer than the microseconds kept. */
const FINER_THAN_MICROS = /\.\d{6}0*[1-9]/;

/**
 * Timestamps; naive text is read in the source timezone, zoned text keeps its offset. Text finer
 * than a microsecond (SQLite keeps any text: `…05.000000500`) is cut to the microsecond, said once
 * per column: as an incremental cursor, rows within one microsecond are then not told apart.
 */
export function asTimestamp(ctx: ValueContext, zeroIsNull = false): Converter {
  const read = utcTimestampReader(ctx.timeZone);
  let warned = false;
  return (v) => {
    if (typeof v === 'string' && !(zeroIsNull && v.startsWith('0000-00-00'))) {
      // Only text longer than `YYYY-MM-DD HH:MM:SS.ffffff` can hold a seventh digit.
      if (!warned && v.length > 26 && FINER_THAN_MICROS.test(v)) {
        warned = true;
        ctx.warn(
          `${ctx.stream}.${ctx.column}: ${v.slice(0, 40)} is finer than a microsecond; onboard keeps ` +
            'microseconds, so such values are cut to the microsecond (as an incremental cursor, rows ' +
            'within one microsecond of the watermark are not told apart)',
        );
      }
      return read(v) ?? invalid(ctx, 'timestamp', v);
    }
    if (v instanceof Date) {
      return Number.isNaN(v.getTime()) ? invalid(ctx, 'timestamp', v) : `${v.toISOString().slice(0, 23)}000Z`;
    }
    if (typeof v === 'number') {
      // Epoch seconds, to the microsecond (a Date holds milliseconds: 0.0005 s would be lost).
      const micros = Math.round(v * 1e6);
      const at = new Date(Math.floor(micros / 1000));
      return Number.isNaN(at.getTime())
        ? invalid(ctx, 'timestamp', v)
        : `${at.toISOString().slice(0, 23)}${String(((micros % 1000) + 1000) % 1000).padStart(3, '0')}Z`;
    }
    const text = String(v);
    if (zeroIsNull && text.startsWith('0000-00-00')) return zeroDate(ctx, text);
    return toUtcTimestamp(text, ctx.timeZone) ?? invalid(ctx, 'timestamp', text);
  };
}

export function asDate(ctx: ValueContext, zeroIsNull = false): Converter {
  return (v) => {
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    const text = String(v);
    if (zeroIsNull && (text.startsWith('0000-') || text.includes('-00'))) return zeroDate(ctx, text);
    if (DATE_TEXT.test(text)) return realDay(text) ? text.slice(0, 10) : invalid(ctx, 'date', text);
    return otherYear(text) ?? invalid(ctx, 'date', text);
  };
}

/**
 * Date text as a date column may hold it: the day alone, or (SQLite keeps any text) a date and
 * time, whose day is the date read; white space may follow. Anything else after the day
 * (`2024-01-01junk`) is not a date, rather than a day read from its first ten characters.
 */
const DATE_TEXT =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?\s*$/;

/**
 * A date PostgreSQL writes with a year before 1 (`0001-01-01 BC`, year 0 of ISO 8601) or after 9999
 * (`10000-01-01`), in ISO's expanded form as `toISOString` writes it (`0000-01-01`, `+010000-01-01`).
 */
function otherYear(text: string): string | null {
  const m = /^(\d{4,})-(\d{2})-(\d{2})( BC)?$/.exec(text);
  if (m === null) return null;
  const year = m[4] === undefined ? Number(m[1]) : 1 - Number(m[1]);
  if (!isWallTime(year, Number(m[2]), Number(m[3]))) return null;
  const at = new Date(calendarMillis(year, Number(m[2]), Number(m[3])));
  return Number.isNaN(at.getTime()) ? null : at.toISOString().slice(0, -14);
}

/** Whether text starting `YYYY-MM-DD` names a day that exists (SQLite keeps `2024-02-30` as text). */
function realDay(text: string): boolean {
  return isWallTime(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)));
}

function zeroDate(ctx: ValueContext, text: string): null {
  ctx.warn(`${ctx.stream}.${ctx.column}: MySQL zero date ${text} read as null`);
  return null;
}

export const asTime: Converter = (v) => String(v);

/**
 * Bytes as base64. A value that is not bytes (SQLite: a text in a column read as binary, past the
 * rows discovery sampled) is read as its UTF-8 bytes, and said once per column: never silently.
 */
export function asBinary(ctx: ValueContext): Converter {
  let warned = false;
  return (v) => {
    if (Buffer.isBuffer(v) || v instanceof Uint8Array)
      return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
    if (!warned) {
      warned = true;
      ctx.warn(
        `${ctx.stream}.${ctx.column}: a ${typeof v} value (${String(v).slice(0, 40)}) in a binary column; ` +
          'read as its UTF-8 bytes (base64), like every other such value of the column',
      );
    }
    return Buffer.from(String(v), 'utf8').toString('base64');
  };
}

export function asJson(ctx: ValueContext): Converter {
  return (v) => {
    if (typeof v !== 'string' && !Buffer.isBuffer(v)) return v as SourceJson;
    try {
      return JSON.parse(String(v)) as SourceValue;
    } catch {
      return invalid(ctx, 'json', v);
    }
  };
}

/** A list (nested for more dimensions) whose elements each go through `element`; nulls stay null. */
export function asList(element: Converter): Converter {
  const each = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(each) : v === null || v === undefined ? null : element(v);
  return (v) => (Array.isArray(v) ? (v.map(each) as SourceJson) : (each(v) as SourceValue));
}

export const asUuid: Converter = (v) => (Buffer.isBuffer(v) ? formatUuid(v) : String(v).toLowerCase());

function formatUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

import type { DialectName } from '@madeup/testkit';
import type { Row, SourceValue } from '../../src/connectors/value.ts';
import type { ValueRow, WallTime } from './sql-values.ts';

/** Digits after the point of the decimal column. */
export const SCALE = 30;

/**
 * What reading `row` must give, by the value model (docs/connectors.md), computed without the
 * connector's code: timestamps through `Intl` at the exact instant. `storedDecimal` is SQLite's
 * stored value of the decimal column (it keeps DECIMAL as REAL or INTEGER: printed with the scale).
 */
export function expectedRow(
  row: ValueRow,
  dialect: DialectName,
  zone: string,
  storedDecimal?: bigint | number | null,
): Row {
  return {
    id: String(row.id),
    t: row.t,
    i: row.i,
    b: row.b === null ? null : String(row.b),
    d: dialect === 'sqlite' ? sqliteDecimal(storedDecimal ?? null) : exactDecimal(row.d),
    // MariaDB's DOUBLE and SQLite's REAL column keep no negative zero (they store 0).
    f: dialect !== 'postgres' && Object.is(row.f, -0) ? 0 : row.f,
    bo: row.bo,
    dt: row.dt === null ? null : iso(wallMillis(row.dt), 0).slice(0, 10),
    ts: row.ts === null ? null : iso(wallToUtc(zone, wallMillis(row.ts)), row.ts.us),
    tz: row.tz === null ? null : iso(wallMillis(row.tz.wall) - row.tz.offset * 60_000, row.tz.wall.us),
    bin: row.bin === null ? null : Buffer.from(row.bin).toString('base64'),
    j: row.j as SourceValue,
    u: row.u === null ? null : row.u.toLowerCase(),
  };
}

/** A DECIMAL(65,30) as PostgreSQL and MariaDB print it: no `+`, no leading zeros, 30 places, no `-0`. */
function exactDecimal(text: string | null): string | null {
  if (text === null) return null;
  const negative = text.startsWith('-');
  const [whole = '', fraction = ''] = text.replace(/^[+-]/, '').split('.');
  const integer = whole.replace(/^0+(?=\d)/, '');
  const places = fraction.padEnd(SCALE, '0');
  const zero = /^0*$/.test(integer + places);
  return `${negative && !zero ? '-' : ''}${integer}.${places}`;
}

/** A SQLite decimal: the stored integer or real, printed exactly with the scale's places. */
function sqliteDecimal(stored: bigint | number | null): string | null {
  if (stored === null) return null;
  const places = '0'.repeat(SCALE);
  if (typeof stored === 'bigint') return `${stored}.${places}`;
  // A double of 1e21 or more is an integer; toFixed would print it with an exponent.
  if (Math.abs(stored) >= 1e21) return `${BigInt(stored)}.${places}`;
  return stored.toFixed(SCALE);
}

/** The parts as the millis they would have in UTC. */
export function wallMillis(w: WallTime): number {
  const at = new Date(0);
  at.setUTCFullYear(w.y, w.mo - 1, w.d);
  at.setUTCHours(w.h, w.mi, w.s, Math.floor(w.us / 1000));
  return at.getTime();
}

/** ISO-8601 UTC with microseconds; years past 9999 or before 0 in the expanded form. */
function iso(ms: number, us: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, `.${String(us).padStart(6, '0')}Z`);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The offset of `zone` at the instant `ms`, exactly (to the second, as `Intl` knows it). */
function offsetAt(zone: string, ms: number): number {
  let format = formatters.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, format);
  }
  const at = Math.floor(ms / 1000) * 1000;
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(new Date(at))) parts[part.type] = part.value;
  const bc = parts['era'] === 'BC' || parts['era'] === 'B';
  const year = bc ? 1 - Number(parts['year']) : Number(parts['year']);
  const wall = new Date(0);
  wall.setUTCFullYear(year, Number(parts['month']) - 1, Number(parts['day']));
  wall.setUTCHours(Number(parts['hour']), Number(parts['minute']), Number(parts['second']), 0);
  return wall.getTime() - at;
}

/**
 * The instant of a wall time in `zone` by the documented rule: a repeated wall time is the earlier
 * instant, a skipped one takes the offset before the gap.
 */
function wallToUtc(zone: string, wall: number): number {
  const day = 86_400_000;
  const before = offsetAt(zone, wall - day);
  const after = offsetAt(zone, wall + day);
  const fits = [before, after].filter((offset) => offsetAt(zone, wall - offset) === offset);
  return wall - (fits.length > 0 ? Math.max(...fits) : before);
}

import { ConfigError } from '../errors/onboard-error.ts';

/**
 * The one time-zone engine of onboard: connectors reading naive timestamps (`--timezone`) and
 * mapping expressions (`{timestamp: …, timezone: …}`) both turn wall-clock times into instants
 * here, so they always agree. Offsets come from the runtime's zone data (Intl), cached per zone
 * and quarter hour (but for the rare quarter hours holding a change): a million timestamps cost a
 * few thousand Intl calls.
 *
 * The rule for wall-clock times a daylight-saving change makes odd (the same as java.time and
 * Temporal's `compatible` disambiguation):
 * - a time that happens twice (a fold: clocks go back) is the **earlier** instant, the one
 *   before the change (Berlin 2024-10-27 02:30 is 00:30Z, not 01:30Z);
 * - a time that never happens (a gap: clocks go forward) is read with the offset from **before**
 *   the gap, i.e. moved forward by the gap's length (Berlin 2024-03-31 02:30 is 01:30Z, which
 *   is 03:30 summer time).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();
const QUARTER_HOUR = 15 * 60_000;
const DAY = 86_400_000;

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
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
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** True when the runtime knows the zone (`Europe/Berlin`, `UTC`, `Australia/Lord_Howe`). */
export function isTimeZone(zone: string): boolean {
  if (zone === 'UTC') return true;
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** Throws a config error naming the zone when it is not an IANA zone name. */
export function assertTimeZone(zone: string): void {
  if (!isTimeZone(zone))
    throw new ConfigError(`unknown time zone "${zone}"; use an IANA name such as UTC or Europe/Paris`);
}

/** Milliseconds to add to the UTC instant `utcMillis` to get the wall-clock time in `zone`. */
export function zoneOffsetMs(zone: string, utcMillis: number): number {
  if (zone === 'UTC') return 0;
  let cache = offsets.get(zone);
  if (cache === undefined) {
    cache = new Map();
    offsets.set(zone, cache);
  }
  const bucket = Math.floor(utcMillis / QUARTER_HOUR);
  const cached = cache.get(bucket);
  if (cached !== undefined) return Number.isNaN(cached) ? offsetAt(zone, utcMillis) : cached;
  // A quarter hour holding a change (most are on one's edge; local mean time ended at odd
  // seconds, Paris 1911-03-10 23:50:39Z) is not cached: its instants are looked up one by one.
  const start = offsetAt(zone, bucket * QUARTER_HOUR);
  const end = offsetAt(zone, (bucket + 1) * QUARTER_HOUR - 1000);
  if (cache.size > 50_000) cache.clear();
  cache.set(bucket, start === end ? start : Number.NaN);
  return start === end ? start : offsetAt(zone, utcMillis);
}

/** The offset of `zone` at `utcMillis` (to the second, as Intl knows it), uncached. */
function offsetAt(zone: string, utcMillis: number): number {
  const at = Math.floor(utcMillis / 1000) * 1000;
  const parts: Record<string, string> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(at))) parts[part.type] = part.value;
  const year = Number(parts['year']) * (parts['era'] === 'BC' ? -1 : 1) + (parts['era'] === 'BC' ? 1 : 0);
  const wall = new Date(0).setUTCFullYear(year, Number(parts['month']) - 1, Number(parts['day']));
  return (
    wall + ((Number(parts['hour']) * 60 + Number(parts['minute'])) * 60 + Number(parts['second'])) * 1000 - at
  );
}

/**
 * The UTC instant of a wall-clock time in `zone`, given as the millis it would have in UTC
 * (`Date.UTC(y, m, d, h, mi, s)`), by the rule above for folds and gaps.
 *
 * The offsets tried are those in force a day before and a day after the wall time read as UTC.
 * That finds every instant showing it in every IANA zone: no offset was ever more than 16 hours
 * from UTC (local mean time: Manila -15:56:08, Metlakatla +15:13:42), so a day either side lies
 * beyond each candidate instant, and no zone changed its offset twice within 4 days (the closest,
 * Freetown 1939, 95.7 hours apart), so those two offsets are the only candidates. Day-long changes
 * (Alaska's 1867 fold, Samoa's 2011 gap) are in test/time/extreme-offsets.test.ts.
 */
export function wallTimeToUtc(zone: string, wallMillis: number): number {
  if (zone === 'UTC') return wallMillis;
  const before = zoneOffsetMs(zone, wallMillis - DAY);
  const after = zoneOffsetMs(zone, wallMillis + DAY);
  let chosen: number | undefined;
  for (const offset of before === after ? [before] : [before, after]) {
    // An offset fits when the instant it gives shows this wall time; of two (a fold), the larger
    // offset is the earlier instant.
    if (zoneOffsetMs(zone, wallMillis - offset) === offset && (chosen === undefined || offset > chosen))
      chosen = offset;
  }
  return wallMillis - (chosen ?? before);
}

/** The wall-clock time in `zone` of a UTC instant, as the millis it would have in UTC. */
export function utcToWallTime(zone: string, utcMillis: number): number {
  return utcMillis + zoneOffsetMs(zone, utcMillis);
}

/**
 * Offsets of IANA time zones, from the runtime's own zone data (Intl). Results are cached per
 * zone and quarter hour, so a million timestamps cost a few thousand Intl calls, not a million.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();
const QUARTER_HOUR = 15 * 60_000;

/** True when the runtime knows the zone (`Europe/Berlin`, `UTC`, `America/Sao_Paulo`). */
export function isTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
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

/** Minutes east of UTC in `zone` at the instant `utcMillis`. */
export function zoneOffsetMinutes(zone: string, utcMillis: number): number {
  let cache = offsets.get(zone);
  if (!cache) {
    cache = new Map();
    offsets.set(zone, cache);
  }
  const bucket = Math.floor(utcMillis / QUARTER_HOUR);
  const cached = cache.get(bucket);
  if (cached !== undefined) return cached;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(bucket * QUARTER_HOUR))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  const offset = Math.round((asUtc - bucket * QUARTER_HOUR) / 60_000);
  if (cache.size > 50_000) cache.clear();
  cache.set(bucket, offset);
  return offset;
}

/** The UTC instant of a wall-clock time in `zone` (given as if it were UTC millis). */
export function wallTimeToUtc(zone: string, wallMillis: number): number {
  const first = wallMillis - zoneOffsetMinutes(zone, wallMillis) * 60_000;
  const second = wallMillis - zoneOffsetMinutes(zone, first) * 60_000;
  return second;
}

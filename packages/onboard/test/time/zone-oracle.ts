/**
 * An oracle for wall-clock times in a time zone, independent of `src/time/`: offsets come from
 * Intl's `longOffset` zone name (`GMT+01:00`, `GMT+00:17:30`), not from formatted date parts, and
 * the instant of a wall time is found by listing the zone's offset changes around it and applying
 * the documented rule literally: of the instants showing the wall time, the earliest; when none
 * does (a gap), the offset in force just before the change.
 */

const HOUR = 3_600_000;
const STEP = 20 * 60_000;
/** Wider than any offset a zone ever had (LMT reached about +-15:56). */
const REACH = 17 * HOUR;

const namers = new Map<string, Intl.DateTimeFormat>();

function namer(zone: string): Intl.DateTimeFormat {
  let format = namers.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    namers.set(zone, format);
  }
  return format;
}

/** The offset (ms east of UTC) of `zone` at the instant `utc`, read from `GMT±hh:mm[:ss]`. */
export function oracleOffset(zone: string, utc: number): number {
  const name = namer(zone)
    .formatToParts(new Date(Math.floor(utc / 1000) * 1000))
    .find((part) => part.type === 'timeZoneName')?.value;
  if (name === 'GMT') return 0;
  const m = /^GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(name ?? '');
  if (m === null) throw new Error(`unexpected zone name ${name} for ${zone}`);
  const size = ((Number(m[2]) * 60 + Number(m[3])) * 60 + Number(m[4] ?? 0)) * 1000;
  return m[1] === '-' ? -size : size;
}

/** The first instant (whole second) in (after, before] where the offset differs from at `after`. */
function changeBetween(zone: string, after: number, before: number): number {
  const old = oracleOffset(zone, after);
  let lo = after;
  let hi = before;
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (mid <= lo) break;
    if (oracleOffset(zone, mid) === old) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** A stretch of time with one offset, from `start` (inclusive) to the next stretch's start. */
export interface Stretch {
  readonly start: number;
  readonly offset: number;
}

/** The offsets of `zone` from `from` to `to`, scanned every 20 minutes. */
export function stretches(zone: string, from: number, to: number): Stretch[] {
  const list: Stretch[] = [{ start: Number.NEGATIVE_INFINITY, offset: oracleOffset(zone, from) }];
  for (let at = from; at < to; at += STEP) {
    const next = Math.min(at + STEP, to);
    const offset = oracleOffset(zone, next);
    if (offset !== list.at(-1)!.offset) list.push({ start: changeBetween(zone, at, next), offset });
  }
  return list;
}

/** The next offset change of `zone` after `from`, looking up to `span` ahead (null: none). */
export function nextChange(zone: string, from: number, span: number): Stretch | null {
  const first = oracleOffset(zone, from);
  const week = 7 * 24 * HOUR;
  for (let at = from; at < from + span; at += week) {
    if (oracleOffset(zone, at + week) === first) continue;
    for (const stretch of stretches(zone, at, at + week).slice(1)) return stretch;
  }
  return null;
}

/** What a wall time (as UTC millis) is in `zone`: its instant by the rule, and how it got there. */
export function oracleInstant(zone: string, wall: number): { utc: number; kind: 'plain' | 'fold' | 'gap' } {
  const list = stretches(zone, wall - REACH, wall + REACH);
  const fits: number[] = [];
  for (let i = 0; i < list.length; i++) {
    const utc = wall - list[i]!.offset;
    const end = list[i + 1]?.start ?? Number.POSITIVE_INFINITY;
    if (utc >= list[i]!.start && utc < end) fits.push(utc);
  }
  if (fits.length > 0) return { utc: Math.min(...fits), kind: fits.length > 1 ? 'fold' : 'plain' };
  for (let i = 1; i < list.length; i++) {
    const before = list[i - 1]!.offset;
    if (list[i]!.start + before <= wall && wall < list[i]!.start + list[i]!.offset)
      return { utc: wall - before, kind: 'gap' };
  }
  throw new Error(`oracle: no instant for wall time ${new Date(wall).toISOString()} in ${zone}`);
}

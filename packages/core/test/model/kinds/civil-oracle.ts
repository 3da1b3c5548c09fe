/**
 * Proleptic Gregorian arithmetic in BigInt, written independently of the contract's `calendar.ts` (no
 * `Date`): days since 1970-01-01 of a civil date and back (H. Hinnant's days_from_civil).
 */

export function isLeap(year: number): boolean {
  if (year % 400 === 0) return true;
  if (year % 100 === 0) return false;
  return year % 4 === 0;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function monthLength(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (DAYS[month - 1] ?? 0);
}

export function isCalendarDate(year: number, month: number, day: number): boolean {
  return (
    year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= monthLength(year, month)
  );
}

const floorDiv = (a: bigint, b: bigint) => (a >= 0n ? a / b : -((-a + b - 1n) / b));

export function daysFromCivil(year: number, month: number, day: number): bigint {
  const y = BigInt(month <= 2 ? year - 1 : year);
  const era = floorDiv(y, 400n);
  const yoe = y - era * 400n;
  const m = BigInt(month);
  const doy = (153n * (m > 2n ? m - 3n : m + 9n) + 2n) / 5n + BigInt(day) - 1n;
  const doe = yoe * 365n + yoe / 4n - yoe / 100n + doy;
  return era * 146_097n + doe - 719_468n;
}

export function civilFromDays(days: bigint): { year: number; month: number; day: number } {
  const z = days + 719_468n;
  const era = floorDiv(z, 146_097n);
  const doe = z - era * 146_097n;
  const yoe = (doe - doe / 1460n + doe / 36_524n - doe / 146_096n) / 365n;
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n);
  const mp = (5n * doy + 2n) / 153n;
  const day = Number(doy - (153n * mp + 2n) / 5n + 1n);
  const month = Number(mp < 10n ? mp + 3n : mp - 9n);
  const year = Number(yoe + era * 400n) + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

const MICROS_PER_DAY = 86_400_000_000n;

/** Microseconds since the epoch of a UTC wall time. */
export function epochMicros(
  p: { year: number; month: number; day: number; hour: number; minute: number; second: number },
  micros: number,
): bigint {
  const seconds = BigInt(p.hour * 3600 + p.minute * 60 + p.second);
  return daysFromCivil(p.year, p.month, p.day) * MICROS_PER_DAY + seconds * 1_000_000n + BigInt(micros);
}

const two = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DDTHH:MM:SS.ffffffZ` of an instant, or undefined outside years 0001..9999. */
export function formatMicros(total: bigint): string | undefined {
  const days = floorDiv(total, MICROS_PER_DAY);
  const rest = total - days * MICROS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  if (year < 1 || year > 9999) return undefined;
  const seconds = Number(rest / 1_000_000n);
  const micros = Number(rest % 1_000_000n);
  const time = `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${time}.${String(micros).padStart(6, '0')}Z`;
}

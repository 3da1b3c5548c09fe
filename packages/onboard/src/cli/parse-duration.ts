import { UsageError } from '../errors/onboard-error.ts';

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/**
 * Parses a duration such as `30d`, `12h`, `90m`, `45s`, `2w` or `500ms` into milliseconds; `flag`
 * names the option in the error for anything else.
 */
export function parseDuration(value: string, flag: string): number {
  const match = /^(\d+)(ms|s|m|h|d|w)$/.exec(value.trim());
  const amount = match ? Number(match[1]) : Number.NaN;
  const unit = match?.[2] === undefined ? undefined : UNIT_MS[match[2]];
  if (unit === undefined || !Number.isSafeInteger(amount * unit)) {
    throw new UsageError(
      `${flag}: "${value}" is not a duration; use a whole number and a unit, e.g. 30d, 12h, 90m, 45s, 2w, 500ms`,
    );
  }
  return amount * unit;
}

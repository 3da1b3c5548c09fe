// Formatting of the values Vendor X stores: naive timestamps, its odd date texts, money in cents.

/** First instant any generated date falls on: 2018-01-01T00:00:00 (naive). */
export const EPOCH_SECONDS = Date.UTC(2018, 0, 1) / 1000;

/** Five years, in seconds: the span generated dates fall in. */
export const SPAN_SECONDS = 5 * 365 * 24 * 3600;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** A naive timestamp as every dialect accepts it: `2021-03-04 05:06:07` (no offset, no `T`). */
export function naiveTimestamp(seconds: number): string {
  const d = new Date(seconds * 1000);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** US style `MM/DD/YYYY`, as Vendor X stores hire dates in a text column. */
export function usDate(seconds: number): string {
  const d = new Date(seconds * 1000);
  return `${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}/${d.getUTCFullYear()}`;
}

/** European style `DD.MM.YYYY`, how some branches typed client dates. */
export function dottedDate(seconds: number): string {
  const d = new Date(seconds * 1000);
  return `${pad2(d.getUTCDate())}.${pad2(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
}

/** Cents as an exact decimal string: 123456 -> `1234.56`. */
export function money(cents: number): string {
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  return `${cents < 0 ? '-' : ''}${whole}.${frac < 10 ? `0${frac}` : frac}`;
}

/** Fills a pattern: `9` becomes a digit, `A` an upper-case letter. */
export function fillPattern(pattern: string, draw: () => number): string {
  let out = '';
  for (const ch of pattern) {
    if (ch === '9') out += String(Math.floor(draw() * 10));
    else if (ch === 'A') out += String.fromCharCode(65 + Math.floor(draw() * 26));
    else out += ch;
  }
  return out;
}

import { showValue, ValueError } from '../value-error.ts';

/**
 * A date/time format compiled once into a regular expression. Tokens: `yyyy` `yy` (00-49 ->
 * 20xx, 50-99 -> 19xx), `MM` `M` `MMM` (Jan) `MMMM` (January), `dd` `d`, `HH` `H` (0-23), `hh` `h`
 * (1-12, only with `a`: AM/PM, which only goes with them), `mm` `m`, `ss` `s`, `S`… (fraction,
 * any length, cut to microseconds), `EEE` `EEEE` (weekday names, checked against the date), `X`
 * `XX` `XXX` `Z` (offset: `Z`, `+01`, `+0100`, `+01:00`). Text in single quotes is literal (`''`
 * is a quote); any other non-letter is literal.
 */
export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micros: number;
  /** Minutes east of UTC, when the text carries an offset. */
  offset: number | undefined;
  /** Set by `h`/`hh` (1-12) and `a`: the hour is then read on a 12-hour clock. */
  hour12?: number;
  pm?: boolean;
  /** Set by `EEE`/`EEEE`: the weekday the text names, 0 Sunday to 6 Saturday (`getUTCDay`). */
  weekday?: number;
}

/** Stores a token's matched text in the parts; `source` is the whole text, for messages. */
type Setter = (parts: DateParts, text: string, source: string) => void;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTHS_LONG = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

const DAYS_LONG = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const DAYS = DAYS_LONG.map((name) => name.slice(0, 3));

const num =
  (key: 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second'): Setter =>
  (parts, text) => {
    parts[key] = Number(text);
  };

const TOKENS: Record<string, { pattern: string; set: Setter }> = {
  yyyy: { pattern: '\\d{4}', set: num('year') },
  yy: {
    pattern: '\\d{2}',
    set: (p, t) => {
      p.year = Number(t) + (Number(t) < 50 ? 2000 : 1900);
    },
  },
  MMMM: {
    pattern: '[A-Za-z]+',
    set: (p, t, source) => {
      p.month = nameIndex(MONTHS_LONG, t, 'month', source) + 1;
    },
  },
  MMM: {
    pattern: '[A-Za-z]{3}',
    set: (p, t, source) => {
      p.month = nameIndex(MONTHS, t, 'month', source) + 1;
    },
  },
  MM: { pattern: '\\d{2}', set: num('month') },
  M: { pattern: '\\d{1,2}', set: num('month') },
  dd: { pattern: '\\d{2}', set: num('day') },
  d: { pattern: '\\d{1,2}', set: num('day') },
  HH: { pattern: '\\d{2}', set: num('hour') },
  H: { pattern: '\\d{1,2}', set: num('hour') },
  hh: {
    pattern: '\\d{2}',
    set: (p, t) => {
      p.hour12 = Number(t);
    },
  },
  h: {
    pattern: '\\d{1,2}',
    set: (p, t) => {
      p.hour12 = Number(t);
    },
  },
  mm: { pattern: '\\d{2}', set: num('minute') },
  m: { pattern: '\\d{1,2}', set: num('minute') },
  ss: { pattern: '\\d{2}', set: num('second') },
  s: { pattern: '\\d{1,2}', set: num('second') },
  a: {
    pattern: '[AaPp]\\.?[Mm]\\.?',
    set: (p, t) => {
      p.pm = t[0]!.toLowerCase() === 'p';
    },
  },
  EEEE: {
    pattern: '[A-Za-z]+',
    set: (p, t, source) => {
      p.weekday = nameIndex(DAYS_LONG, t, 'weekday', source);
    },
  },
  EEE: {
    pattern: '[A-Za-z]{3}',
    set: (p, t, source) => {
      p.weekday = nameIndex(DAYS, t, 'weekday', source);
    },
  },
  X: {
    pattern: 'Z|[+-]\\d{2}(?::?\\d{2})?',
    set: (p, t) => {
      p.offset = parseOffset(t);
    },
  },
};
for (const alias of ['XX', 'XXX', 'Z', 'ZZ', 'ZZZ']) TOKENS[alias] = TOKENS.X!;

function nameIndex(names: readonly string[], text: string, what: string, source: string): number {
  const index = names.indexOf(text.toLowerCase());
  if (index < 0)
    throw new ValueError('invalid_date', `unknown ${what} name ${showValue(text)} in ${showValue(source)}`);
  return index;
}

/** `Z`, `+01`, `+0100`, `+01:00` as minutes east of UTC; NaN when the minutes are over 59. */
export function parseOffset(text: string): number {
  if (text === 'Z') return 0;
  const sign = text[0] === '-' ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  const minutes = Number(digits.slice(2) || 0);
  return minutes > 59 ? Number.NaN : sign * (Number(digits.slice(0, 2)) * 60 + minutes);
}

/** Fraction digits as microseconds: cut after the sixth digit, as connectors do, never rounded up. */
export function fractionMicros(digits: string): number {
  return Number(digits.slice(0, 6).padEnd(6, '0'));
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Compiles a format; throws `Error` with a clear message on an unknown token. */
export function compileDateFormat(format: string): (text: string) => DateParts {
  let pattern = '^\\s*';
  const setters: Setter[] = [];
  for (let i = 0; i < format.length; ) {
    const char = format[i]!;
    if (char === "'") {
      const end = format.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unclosed quote in date format ${JSON.stringify(format)}`);
      pattern += end === i + 1 ? "'" : escapeRegex(format.slice(i + 1, end));
      i = end + 1;
    } else if (/[A-Za-z]/.test(char)) {
      let run = char;
      while (format[i + run.length] === char) run += char;
      if (char === 'S') {
        pattern += '(\\d+)';
        setters.push((p, t) => {
          p.micros = fractionMicros(t);
        });
      } else {
        const token = TOKENS[run];
        if (!token) throw new Error(`unknown token "${run}" in date format ${JSON.stringify(format)}`);
        pattern += `(${token.pattern})`;
        setters.push(token.set);
      }
      i += run.length;
    } else {
      pattern += escapeRegex(char);
      i++;
    }
  }
  const twelve = /h/.test(unquoted(format));
  if (twelve !== /a/.test(unquoted(format)))
    throw new Error(
      `date format ${JSON.stringify(format)}: ${twelve ? '`h`/`hh` (hour 1-12) need `a` (AM/PM)' : '`a` (AM/PM) needs `h` or `hh` (hour 1-12), not `H`'}`,
    );
  const regex = new RegExp(`${pattern}\\s*$`);
  return (text) => {
    const match = regex.exec(text);
    if (!match)
      throw new ValueError('invalid_date', `${showValue(text)} does not match the format "${format}"`);
    const parts: DateParts = {
      year: 1970,
      month: 1,
      day: 1,
      hour: 0,
      minute: 0,
      second: 0,
      micros: 0,
      offset: undefined,
    };
    for (let k = 0; k < setters.length; k++) setters[k]!(parts, match[k + 1]!, text);
    if (parts.hour12 !== undefined) parts.hour = twelveHour(parts.hour12, parts.pm === true, text);
    return parts;
  };
}

/** The format without its quoted literal text. */
function unquoted(format: string): string {
  return format.replace(/'[^']*'/g, '');
}

/** 12 AM is 0:00, 12 PM is 12:00. */
function twelveHour(hour: number, pm: boolean, text: string): number {
  if (hour < 1 || hour > 12) throw new ValueError('invalid_date', `bad 12-hour clock in ${showValue(text)}`);
  return (hour % 12) + (pm ? 12 : 0);
}

import type { FieldSchema } from '@madeup/contract';
import { compileDateFormat, type DateParts } from '../expressions/date-format.ts';
import { parseIso } from '../expressions/date-instant.ts';
import type { Expression } from '../mapping-document.ts';
import { columnReference } from '../match/column-reference.ts';

/** A better expression for a text column, learnt from sample values, and what it could not place. */
export interface ValueConversion {
  readonly expression: Expression;
  readonly note?: string;
}

/** Day-first and month-first formats tried on text dates, after ISO-8601. */
const DATE_FORMATS = [
  'MM/dd/yyyy',
  'dd/MM/yyyy',
  'dd.MM.yyyy',
  'yyyyMMdd',
  'MM/dd/yyyy HH:mm:ss',
  'dd/MM/yyyy HH:mm:ss',
  'dd.MM.yyyy HH:mm:ss',
  'MM/dd/yyyy HH:mm',
  'dd/MM/yyyy HH:mm',
  'dd.MM.yyyy HH:mm',
];
const PARSERS = DATE_FORMATS.map((format) => ({ format, parse: compileDateFormat(format) }));

/** Country spellings that are neither an ISO code nor CLDR's English name. */
const COUNTRY_ALIASES: Readonly<Record<string, string>> = {
  usa: 'US',
  'u.s.a.': 'US',
  'united states of america': 'US',
  uk: 'GB',
  'great britain': 'GB',
  england: 'GB',
  'czech republic': 'CZ',
  holland: 'NL',
  russia: 'RU',
  'south korea': 'KR',
};

let countryNames: Map<string, string> | undefined;
/** CLDR's English region names (Node's ICU) -> current ISO 3166-1 alpha-2 codes, plus a few aliases. */
function countryCode(name: string): string | undefined {
  if (!countryNames) {
    countryNames = new Map();
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    for (let a = 65; a < 91; a++)
      for (let b = 65; b < 91; b++) {
        const code = String.fromCharCode(a, b);
        const shown = (() => {
          try {
            return names.of(code);
          } catch {
            return undefined;
          }
        })();
        // Withdrawn codes (DD, UK, ZR) canonicalise to the current one: only current codes count.
        const current = Intl.getCanonicalLocales(`und-${code}`)[0]?.split('-')[1];
        if (shown && shown !== code && current === code && !countryNames.has(shown.toLowerCase()))
          countryNames.set(shown.toLowerCase(), code);
      }
  }
  const key = name.trim().toLowerCase();
  return COUNTRY_ALIASES[key] ?? countryNames.get(key);
}

const distinct = (values: readonly unknown[]) => [
  ...new Set(
    values.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()),
  ),
];

/**
 * What sample values of a text column say about the conversion into `field`: a `lookup` of vendor
 * codes into an enum's values (`P` -> `paid`, by the one value it starts or abbreviates), of country
 * names into ISO codes, or the format of text dates (`{ date: hire_dt, format: MM/dd/yyyy }`; two
 * formats: a `when` on each one's shape). Values it cannot place are left out of the lookup, so
 * their rows fail with `unmapped_value` rather than arrive wrong, and named in the note. Undefined
 * when the plain conversion takes every sample.
 */
export function valueConversion(
  field: FieldSchema,
  column: string,
  samples: readonly unknown[],
): ValueConversion | undefined {
  const values = distinct(samples);
  if (values.length === 0) return undefined;
  if (field.type === 'enum') return enumLookup(field.enum ?? [], column, values);
  if (field.type === 'country') return countryLookup(column, values);
  if (field.type === 'date' || field.type === 'timestamp') return dateFormat(field.type, column, values);
  return undefined;
}

function lookupNote(unplaced: readonly string[], what: string): string | undefined {
  if (unplaced.length === 0) return undefined;
  const shown = unplaced
    .slice(0, 8)
    .map((v) => JSON.stringify(v))
    .join(', ');
  return `TODO ${what} for ${shown}${unplaced.length > 8 ? ', …' : ''} (rows with them fail with unmapped_value)`;
}

function enumLookup(
  allowed: readonly string[],
  column: string,
  values: readonly string[],
): ValueConversion | undefined {
  if (values.every((v) => allowed.some((a) => a.toLowerCase() === v.toLowerCase()))) return undefined;
  if (values.length > 50) return undefined;
  const map: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const value of values) {
    const v = value.toLowerCase();
    const hits = allowed.filter((a) => {
      const e = a.toLowerCase();
      if (e === v) return true;
      let at = 0;
      for (const letter of e) if (letter === v[at]) at++;
      return v[0] === e[0] && at === v.length;
    });
    if (hits.length === 1) map[value] = hits[0]!;
    else unplaced.push(value);
  }
  if (Object.keys(map).length === 0) return undefined;
  const note = lookupNote(unplaced, `an enum value (${allowed.join(', ')})`);
  return { expression: { lookup: columnReference(column), values: map }, ...(note ? { note } : {}) };
}

function countryLookup(column: string, values: readonly string[]): ValueConversion | undefined {
  if (values.every((v) => /^[A-Za-z]{2}$/.test(v))) return undefined;
  const map: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const value of values) {
    const code = /^[A-Za-z]{2}$/.test(value) ? value.toUpperCase() : countryCode(value);
    if (code) map[value] = code;
    else unplaced.push(value);
  }
  const note = lookupNote(unplaced, 'an ISO 3166-1 code');
  return { expression: { lookup: columnReference(column), values: map }, ...(note ? { note } : {}) };
}

/** The text parses, and names a real day and time (a format alone reads `31/12` as month 31). */
const fits = (parse: (text: string) => DateParts, value: string) => {
  try {
    const p = parse(value);
    const days = new Date(Date.UTC(p.year, p.month, 0)).getUTCDate();
    return (
      p.month >= 1 &&
      p.month <= 12 &&
      p.day >= 1 &&
      p.day <= days &&
      p.hour < 24 &&
      p.minute < 60 &&
      p.second < 61
    );
  } catch {
    return false;
  }
};

function dateFormat(
  type: 'date' | 'timestamp',
  column: string,
  values: readonly string[],
): ValueConversion | undefined {
  const iso = values.filter((v) => fits(parseIso, v));
  if (iso.length === values.length) return undefined;
  const rest = values.filter((v) => !iso.includes(v));
  // The format taking most of the rest; on a tie the first listed (month-first before day-first).
  const best = PARSERS.map((p) => ({ ...p, count: rest.filter((v) => fits(p.parse, v)).length })).sort(
    (a, b) => b.count - a.count,
  )[0];
  if (!best || best.count === 0) return undefined;
  const unparsed = rest.filter((v) => !fits(best.parse, v));
  const note =
    unparsed.length > 0
      ? `TODO values in no format found, e.g. ${unparsed
          .slice(0, 3)
          .map((v) => JSON.stringify(v))
          .join(', ')}: their rows fail with invalid_date`
      : undefined;
  const named = columnReference(column);
  const formatted = { [type]: named, format: best.format };
  if (iso.length === 0) return { expression: formatted, ...(note ? { note } : {}) };
  const shape = `^${best.format
    .replace(/yyyy/g, '\\d{4}')
    .replace(/MM|dd|HH|mm|ss/g, '\\d\\d')
    .replace(/\./g, '\\.')}$`;
  return {
    // biome-ignore lint/suspicious/noThenProperty: `then` is a key of the mapping format, not a promise
    expression: { when: [{ if: { matches: [named, shape] }, then: formatted }], else: { [type]: named } },
    note: note ?? `ISO-8601 and ${best.format} both occur`,
  };
}

import { showValue, ValueError } from '../value-error.ts';

/** How numbers are written in the source: `1.234,50` is `{ decimalSeparator: ',', groupSeparator: '.' }`. */
export interface NumberFormat {
  readonly decimalSeparator: string;
  /** Thousands separator; spaces (any Unicode space, not tabs or line breaks) and `'` are always accepted as groups too. */
  readonly groupSeparator: string;
}

export const DEFAULT_NUMBER_FORMAT: NumberFormat = { decimalSeparator: '.', groupSeparator: ',' };

/** Space separators (Unicode Zs: U+0020, no-break U+00A0, thin U+2009, …) and `'`; a tab or line break is no group. */
const SPACES = /[\p{Zs}']/gu;
const DIGITS = /^\d+$/;
const CANONICAL = /^(-?[1-9]\d*|0)(\.\d+)?$|^-0\.\d*[1-9]\d*$/;
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Makes a reader of exact decimals as canonical strings (`"1234.50"`, `"-3"`). Group separators
 * (and spaces or `'`) are accepted only between groups of three digits, so `1.234,50` read with
 * the default format is an error, never `1.23450`.
 */
export function decimalReader(format: NumberFormat): (value: unknown) => string | null {
  const { decimalSeparator, groupSeparator } = format;
  const pointFirst = decimalSeparator === '.';
  const grouped = new RegExp(`^\\d{1,3}(${escapeRegex(groupSeparator || ' ')}\\d{3})+$`);
  return (value) => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'number') return numberToDecimal(value);
    if (typeof value !== 'string')
      throw new ValueError('invalid_number', `not a number: ${showValue(value)}`);
    if (pointFirst && CANONICAL.test(value)) return value;
    const trimmed = value.trim();
    if (trimmed === '') return null;
    const sign = trimmed[0] === '-' || trimmed[0] === '+' ? trimmed[0] : '';
    const body = trimmed.slice(sign.length).replace(SPACES, groupSeparator || ' ');
    const parts = body.split(decimalSeparator);
    let whole = parts[0] ?? '';
    const fraction = parts[1];
    if (whole !== '' && !DIGITS.test(whole) && grouped.test(whole))
      whole = whole.split(groupSeparator || ' ').join('');
    const valid =
      parts.length <= 2 &&
      (DIGITS.test(whole) || (whole === '' && fraction !== undefined)) &&
      (fraction === undefined || DIGITS.test(fraction));
    if (!valid) throw new ValueError('invalid_number', `not a number: ${showValue(value)}`);
    return canonicalDecimal(`${sign}${whole || '0'}${fraction === undefined ? '' : `.${fraction}`}`);
  };
}

/** `+007.50` -> `7.50`: no sign for positives, no leading zeros; the fraction is kept as written. */
export function canonicalDecimal(text: string): string {
  if (CANONICAL.test(text)) return text;
  const negative = text.startsWith('-');
  const body = text.replace(/^[+-]/, '');
  const [whole = '0', fraction] = body.split('.');
  const digits = whole.replace(/^0+(?=\d)/, '');
  const result = fraction === undefined ? digits : `${digits}.${fraction}`;
  return negative && /[1-9]/.test(result) ? `-${result}` : result;
}

/**
 * A JS number as the decimal it prints as, without an exponent: its shortest round-trip form, so
 * `0.1` is `0.1`, `1e21` is `1000000000000000000000` and `5e-324` has 324 places. (`toFixed`
 * would print 1e21 and above with an exponent and round away digits below 1e-20.)
 */
export function numberToDecimal(value: number): string {
  if (!Number.isFinite(value)) throw new ValueError('invalid_number', `not a finite number: ${value}`);
  const text = String(value);
  // Nearly every number prints without an exponent: then its text is the decimal.
  if (!text.includes('e')) return text;
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, lead, rest = '', exponent] = match;
  const digits = `${lead}${rest}`;
  // String() uses an exponent only from 1e21 up and below 1e-6, so the point never falls inside the digits.
  const point = 1 + Number(exponent);
  const body = point > 0 ? digits.padEnd(point, '0') : `0.${'0'.repeat(-point)}${digits}`;
  return `${sign}${body}`;
}

/** Rounds a canonical decimal half away from zero to `scale` fractional digits. */
export function roundDecimal(text: string, scale: number): string {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  if (fraction.length <= scale)
    return `${text}${fraction.length || scale === 0 ? '' : '.'}${'0'.repeat(scale - fraction.length)}`;
  let units = BigInt(`${whole}${fraction.slice(0, scale)}`);
  if (Number(fraction[scale]) >= 5) units += 1n;
  const digits = units.toString().padStart(scale + 1, '0');
  const body = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative && units !== 0n ? `-${body}` : body;
}

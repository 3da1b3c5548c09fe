import { showValue, ValueError } from '../value-error.ts';

/** How numbers are written in the source: `1.234,50` is `{ decimalSeparator: ',', groupSeparator: '.' }`. */
export interface NumberFormat {
  readonly decimalSeparator: string;
  /** Thousands separator; spaces (also non-breaking) and `'` are always accepted as groups too. */
  readonly groupSeparator: string;
}

export const DEFAULT_NUMBER_FORMAT: NumberFormat = { decimalSeparator: '.', groupSeparator: ',' };

const CANONICAL = /^[+-]?\d+(\.\d+)?$/;
const GROUPS = /[\s\u00a0\u202f']/g;

/** Makes a reader of exact decimals as canonical strings (`"1234.50"`, `"-3"`). */
export function decimalReader(format: NumberFormat): (value: unknown) => string | null {
  const { decimalSeparator, groupSeparator } = format;
  return (value) => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'number') return numberToDecimal(value);
    if (typeof value !== 'string')
      throw new ValueError('invalid_number', `not a number: ${showValue(value)}`);
    let text = value.replace(GROUPS, '');
    if (text === '') return null;
    if (groupSeparator) text = text.split(groupSeparator).join('');
    if (decimalSeparator !== '.') {
      if (text.includes('.')) throw new ValueError('invalid_number', `not a number: ${showValue(value)}`);
      text = text.replace(decimalSeparator, '.');
    }
    if (!CANONICAL.test(text)) throw new ValueError('invalid_number', `not a number: ${showValue(value)}`);
    return canonicalDecimal(text);
  };
}

/** `+007.50` -> `7.50`: no sign for positives, no leading zeros; the fraction is kept as written. */
export function canonicalDecimal(text: string): string {
  const negative = text.startsWith('-');
  const body = text.replace(/^[+-]/, '');
  const [whole = '0', fraction] = body.split('.');
  const digits = whole.replace(/^0+(?=\d)/, '');
  const result = fraction === undefined ? digits : `${digits}.${fraction}`;
  return negative && /[1-9]/.test(result) ? `-${result}` : result;
}

/** A JS number as an exact decimal string (no exponent). */
export function numberToDecimal(value: number): string {
  if (!Number.isFinite(value)) throw new ValueError('invalid_number', `not a finite number: ${value}`);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return canonicalDecimal(value.toFixed(20).replace(/\.?0+$/, ''));
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

/**
 * What docs/mappings.md promises `decimal`, `integer` and `number` read, written apart from
 * parse-number.ts as one regular expression per format: optional white space around, an optional
 * `+`/`-` right before the digits, whole digits either plain or in groups of three joined by the
 * group separator, a space (any Unicode space character, not a tab or line break) or `'`, and an
 * optional decimal separator with at least one digit after it (`.5` needs no whole part).
 */
export interface Format {
  readonly decimalSeparator: string;
  readonly groupSeparator: string;
}

/** Around the number: what JS `trim` removes (ECMAScript WhiteSpace and LineTerminator). */
const AROUND = '[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]*';
/** Space separators (Unicode category Zs) and the apostrophe. */
const SPACE_GROUPS = " \\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000'";

// outside a character class; a `u` expression refuses `\-`, so `-` stays as it is
const escapeRegex = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

function grammar({ decimalSeparator, groupSeparator }: Format): RegExp {
  // one character class (the separator may be `'` or a space too: an alternation would backtrack exponentially)
  const group = `[${groupSeparator.replace(/[\\\]^-]/g, '\\$&')}${SPACE_GROUPS}]`;
  const whole = `(?:[0-9]+|[0-9]{1,3}(?:${group}[0-9]{3})+)`;
  const point = escapeRegex(decimalSeparator);
  return new RegExp(`^${AROUND}([+-]?)(?:(${whole})(?:${point}([0-9]+))?|${point}([0-9]+))${AROUND}$`, 'u');
}

/** The canonical decimal the text reads as, `null` for blank text, `'reject'` when it is no number. */
export function expectedDecimal(text: string, format: Format): string | null | 'reject' {
  if (new RegExp(`^${AROUND}$`, 'u').test(text)) return null;
  const match = grammar(format).exec(text);
  if (!match) return 'reject';
  const [, sign, wholeText, fractionA, fractionB] = match;
  const whole = (wholeText ?? '').replace(/[^0-9]/g, '').replace(/^0+/, '') || '0';
  const fraction = fractionA ?? fractionB;
  const body = fraction === undefined ? whole : `${whole}.${fraction}`;
  return sign === '-' && /[1-9]/.test(body) ? `-${body}` : body;
}

/**
 * How alike two words are, 0..1: the same word; words that mean the same in a data model
 * (`state` and `region`, `client` and `customer`); one the start of the other (`bill`, `billing`);
 * one a typo of the other (`titel`, 4 letters or more); one an abbreviation of the other (its
 * letters in order, the first one shared: `qty`, `quantity`).
 */

/** Pairs of words that name the same thing in vendors' schemas. Symmetric. */
const SAME_MEANING: readonly (readonly string[])[] = [
  ['customer', 'client', 'buyer'],
  ['staff', 'employee', 'personnel', 'worker'],
  ['product', 'item', 'article', 'good'],
  ['location', 'branch', 'office', 'store', 'site', 'shop', 'warehouse'],
  ['invoice', 'bill'],
  ['line', 'detail'],
  ['line', 'address', 'street'],
  ['region', 'state', 'province', 'county'],
  ['postal', 'zip', 'postcode'],
  ['phone', 'mobile', 'telephone'],
  ['email', 'mail'],
  ['amount', 'total', 'sum'],
  ['price', 'rate', 'cost'],
  ['at', 'date', 'time', 'timestamp', 'on', 'dt'],
  ['name', 'description', 'label'],
  ['category', 'genre', 'group', 'type'],
  ['manager', 'report', 'supervisor', 'boss', 'rep'],
  ['active', 'enabled'],
  ['attribute', 'extra', 'property', 'meta'],
];

const MEANINGS = new Map<string, Set<string>>();
for (const group of SAME_MEANING) {
  for (const word of group) {
    const set = MEANINGS.get(word) ?? new Set<string>();
    for (const other of group) if (other !== word) set.add(other);
    MEANINGS.set(word, set);
  }
}

/**
 * `qty` in `quantity`: every letter in order, the first letters equal, at least three letters. Two
 * letters abbreviate too much (`at`, of `updated_at`, in `active`, `amount`, `account`); the
 * two-letter abbreviations vendors use (`nm`, `dt`, `no`) are spelled out by `nameTokens`.
 */
function abbreviates(short: string, long: string): boolean {
  if (short.length < 3 || short.length >= long.length || short[0] !== long[0]) return false;
  let at = 0;
  for (const letter of long) if (letter === short[at]) at++;
  return at === short.length;
}

/**
 * One typo apart: one letter changed, added or dropped, or two neighbours swapped (`titel`,
 * `title`). Words are short, so the quadratic table is cheap; written here rather than taken from
 * a library because the common ones (fastest-levenshtein) do not count a swap as one edit.
 */
function oneTypoApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...Array<number>(b.length).fill(0),
  ]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]! <= 1;
}

export function wordSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (/^[0-9]+$/.test(a) || /^[0-9]+$/.test(b)) return 0;
  if (MEANINGS.get(a)?.has(b)) return 0.9;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length >= 3 && long.startsWith(short)) return 0.85;
  if (short.length >= 4 && oneTypoApart(a, b)) return 0.8;
  if (abbreviates(short, long)) return 0.75;
  return 0;
}

/**
 * How alike two words are, 0..1: the same word; words that mean the same in a data model
 * (`state` and `region`, `client` and `customer`); one the start of the other (`bill`, `billing`);
 * one an abbreviation of the other (its letters in order, the first one shared: `qty`, `quantity`).
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

/** `qty` in `quantity`: every letter in order, the first letters equal. */
function abbreviates(short: string, long: string): boolean {
  if (short.length < 2 || short.length >= long.length || short[0] !== long[0]) return false;
  let at = 0;
  for (const letter of long) if (letter === short[at]) at++;
  return at === short.length;
}

export function wordSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (/^[0-9]+$/.test(a) || /^[0-9]+$/.test(b)) return 0;
  if (MEANINGS.get(a)?.has(b)) return 0.9;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length >= 3 && long.startsWith(short)) return 0.85;
  if (abbreviates(short, long)) return 0.75;
  return 0;
}

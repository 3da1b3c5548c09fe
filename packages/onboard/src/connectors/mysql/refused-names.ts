/**
 * Result column names mysql2 (3.24) refuses when it generates its row parser, even for rows as
 * arrays: "The field name (__proto__) can't be the same as an object's private property" (its
 * `privateObjectProps`). Its other parser, `disableEval`, builds array rows without looking at the
 * names, so a query whose columns may have one of them is run that way (see `read.ts`).
 */
const REFUSED = new Set([
  '__proto__',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

/** Whether mysql2's generated row parser refuses one of `names`. */
export function mysql2RefusesAny(names: readonly string[]): boolean {
  return names.some((name) => REFUSED.has(name));
}

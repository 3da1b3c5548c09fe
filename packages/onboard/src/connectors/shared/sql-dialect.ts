/**
 * What the shared SQL builders need to know about one SQL technology. Built once per connector;
 * code outside a technology's folder asks these capabilities, never the technology's name.
 */
export interface SqlDialect {
  /** Quotes one identifier, doubling the quote character inside it. */
  quote(identifier: string): string;
  /** The placeholder of the `index`-th (1-based) parameter: `$1` or `?`. */
  placeholder(index: number): string;
  /**
   * Whether `(a, b) > (x, y)` is supported and used by the planner as an index range. When false,
   * composite keyset conditions are expanded into `a > x OR (a = x AND b > y)`.
   */
  readonly rowValueComparison: boolean;
}

/** Quotes with `quoteChar`, doubling any occurrence inside the identifier. */
export function quoteWith(quoteChar: string, identifier: string): string {
  return quoteChar + identifier.split(quoteChar).join(quoteChar + quoteChar) + quoteChar;
}

import { localStreamName } from '../connectors/stream-name.ts';

/**
 * How a mapping's stream and column names meet the discovered ones. The same vendor schema often
 * comes in several spellings (Chinook: `InvoiceLine.UnitPrice` in SQLite and MySQL,
 * `invoice_line.unit_price` in PostgreSQL), so names match in three steps, first hit wins:
 * exactly; then folded (case, `_`, `-` and spaces ignored); then, for streams, folded on the
 * last dotted part (`public.invoice_line`, `a."b.c"`: `b.c`). Two candidates on the same step are ambiguous.
 */

/** `InvoiceLine`, `invoice_line` and `INVOICE-LINE` all fold to `invoiceline`. */
export function foldName(name: string): string {
  return name.toLowerCase().replace(/[_\- ]/g, '');
}

export type NameMatch =
  | { readonly found: string }
  | { readonly missing: true }
  | { readonly ambiguous: readonly string[] };

/** Finds `wanted` among `names`. `lastPart` also tries the part after the last dot. */
export function matchName(wanted: string, names: readonly string[], lastPart = false): NameMatch {
  if (names.includes(wanted)) return { found: wanted };
  const folded = foldName(wanted);
  const steps: ((name: string) => string)[] = [foldName];
  if (lastPart) steps.push((name) => foldName(localStreamName(name)));
  for (const fold of steps) {
    const hits = names.filter((name) => fold(name) === folded);
    if (hits.length === 1) return { found: hits[0]! };
    if (hits.length > 1) return { ambiguous: hits };
  }
  return { missing: true };
}

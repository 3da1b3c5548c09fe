import type { VendorXSizes } from '../sizes.ts';

/**
 * Invoice lines are dealt to invoices in contiguous runs: invoice `i` owns lines
 * `floor((i-1)·L/I) + 1 .. floor(i·L/I)`, so every invoice has at least one line when L >= I.
 */
export function linesOfInvoice(sizes: VendorXSizes, invoice: number): { first: number; last: number } {
  const lines = sizes.inv_det;
  const invoices = sizes.inv_hdr;
  return {
    first: Math.floor(((invoice - 1) * lines) / invoices) + 1,
    last: Math.floor((invoice * lines) / invoices),
  };
}

/** The invoice that owns line `line` (the inverse of `linesOfInvoice`). */
export function invoiceOfLine(sizes: VendorXSizes, line: number): number {
  return Math.ceil((line * sizes.inv_hdr) / sizes.inv_det);
}

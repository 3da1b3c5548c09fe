import { EPOCH_SECONDS, money, naiveTimestamp, SPAN_SECONDS } from '../format.ts';
import { RowRandom } from '../random.ts';
import { char, int, type TableContext, timestamp, type VendorTable, varchar } from '../table.ts';
import { clientBase, originalOfClient } from './client.ts';
import { lineFacts } from './inv-det.ts';
import { linesOfInvoice } from './invoice-lines.ts';

export const INVOICE_STREAM = 5;

export interface InvoiceFacts {
  readonly clientId: number;
  /** Seconds since 1970 (naive). */
  readonly issuedAt: number;
  readonly totalCents: number;
  /** D(raft), O(pen), P(aid), V(oid). */
  readonly status: 'D' | 'O' | 'P' | 'V';
}

/** Client, date, status and total (the sum of its lines) of invoice `id`. */
export function invoiceFacts(ctx: TableContext, id: number): InvoiceFacts {
  const r = new RowRandom(ctx.seed, INVOICE_STREAM, id);
  const clientId = r.int(1, ctx.sizes.client);
  const issuedAt = EPOCH_SECONDS + r.int(0, SPAN_SECONDS);
  const roll = r.next();
  const status = roll < 0.05 ? 'D' : roll < 0.3 ? 'O' : roll < 0.95 ? 'P' : 'V';
  const { first, last } = linesOfInvoice(ctx.sizes, id);
  let totalCents = 0;
  for (let line = first; line <= last; line++) {
    const facts = lineFacts(ctx, line);
    totalCents += facts.quantity * facts.priceCents;
  }
  return { clientId, issuedAt, totalCents, status };
}

/**
 * `inv_hdr`: invoice headers. `total_amt` is money kept as text; `inv_dt` a naive timestamp;
 * `status_cd` one of D, O, P, V; the billing address is copied from the client.
 */
export const invHdrTable: VendorTable = {
  name: 'inv_hdr',
  columns: [
    int('inv_id', false),
    varchar('inv_no', 20, false),
    int('client_id', false),
    timestamp('inv_dt', false),
    varchar('bill_addr1', 120),
    varchar('bill_addr2', 120),
    varchar('bill_city', 60),
    varchar('bill_state', 10),
    varchar('bill_zip', 12),
    char('bill_country', 2),
    varchar('total_amt', 20, false),
    char('currency_cd', 3),
    char('status_cd', 1, false),
    timestamp('last_modified', false),
  ],
  indexed: ['client_id', 'last_modified'],
  row(ctx, id) {
    const facts = invoiceFacts(ctx, id);
    const billTo = clientBase(ctx, originalOfClient(ctx, facts.clientId) ?? facts.clientId).address;
    const r = new RowRandom(ctx.seed, INVOICE_STREAM + 100, id);
    const currencyRoll = r.next();
    const year = new Date(facts.issuedAt * 1000).getUTCFullYear();
    return [
      id,
      `INV-${year}-${String(id).padStart(7, '0')}`,
      facts.clientId,
      naiveTimestamp(facts.issuedAt),
      billTo.line1,
      billTo.line2,
      billTo.city,
      billTo.region,
      billTo.postalCode,
      billTo.country,
      money(facts.totalCents),
      currencyRoll < 0.02 ? null : currencyRoll < 0.87 ? 'USD' : currencyRoll < 0.95 ? 'EUR' : 'GBP',
      facts.status,
      naiveTimestamp(Math.min(facts.issuedAt + r.int(0, 3600 * 24 * 90), EPOCH_SECONDS + SPAN_SECONDS)),
    ];
  },
};

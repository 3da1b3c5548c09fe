import { money, naiveTimestamp } from '../format.ts';
import { RowRandom } from '../random.ts';
import { decimal, int, timestamp, type VendorTable, varchar } from '../table.ts';
import { PAYMENT_METHODS } from '../words.ts';
import { invoiceFacts } from './inv-hdr.ts';

export const PAYMENT_STREAM = 7;

/**
 * `pmt`: payments. Payment `i` pays invoice `((i-1) mod invoices) + 1` in full, except 5% taken on
 * account (no invoice) and 0.3% that name an invoice that does not exist (orphans).
 */
export const pmtTable: VendorTable = {
  name: 'pmt',
  columns: [
    int('pmt_id', false),
    int('client_id', false),
    int('inv_id'),
    int('rcvd_by_emp'),
    decimal('amount', 12, 2, false),
    timestamp('pmt_dt', false),
    varchar('pmt_method', 10),
    varchar('ref_no', 30),
    timestamp('last_modified', false),
  ],
  indexed: ['client_id', 'inv_id', 'last_modified'],
  row(ctx, id) {
    const r = new RowRandom(ctx.seed, PAYMENT_STREAM, id);
    const roll = r.next();
    const nominal = ((id - 1) % ctx.sizes.inv_hdr) + 1;
    const facts = invoiceFacts(ctx, nominal);
    let invoice: number | null = nominal;
    let client = facts.clientId;
    let cents = Math.max(100, facts.totalCents);
    if (roll < 0.053) {
      invoice = roll < 0.003 ? ctx.sizes.inv_hdr + r.int(1, 1000) : null;
      if (invoice !== null) ctx.tally.orphanPayments++;
      client = r.int(1, ctx.sizes.client);
      cents = r.int(1000, 100_000);
    }
    const paidAt = facts.issuedAt + r.int(0, 3600 * 24 * 60);
    const method = r.pick(PAYMENT_METHODS);
    const ref =
      method === 'CHK'
        ? `CHK ${r.int(1000, 99999)}`
        : method === 'CC'
          ? `****${String(r.int(0, 9999)).padStart(4, '0')}`
          : null;
    return [
      id,
      client,
      invoice,
      r.chance(0.2) ? null : r.int(1, ctx.sizes.emp),
      money(cents),
      naiveTimestamp(paidAt),
      method,
      ref,
      naiveTimestamp(paidAt + r.int(0, 3600 * 24 * 30)),
    ];
  },
};

/**
 * The rows of the small shop source the repeated-runs property writes: customers and their
 * invoices. The test's model and its database hold the same rows; `changedAt` is the cursor
 * column's value, a count of microseconds (`shop-cursor.ts` says how each column type writes it).
 */
export interface CustomerRow {
  readonly id: number;
  readonly first: string;
  readonly last: string;
  /** `BAD_EMAIL` makes core reject the record. */
  readonly email: string;
  readonly phone: string | null;
  readonly changedAt: number;
}

export interface InvoiceRow {
  readonly id: number;
  /** A customer of the source, one deleted from it, or `GHOST_CUSTOMER`, which never existed. */
  readonly custId: number;
  /** Day of January 2026 the invoice was issued (1-28). */
  readonly issuedDay: number;
  /** A decimal as the source spells it: `12.5` and `12.50` are the same amount. */
  readonly total: string;
  /** `BAD_STATUS` makes core reject the record. */
  readonly status: string;
  readonly changedAt: number;
}

export type ShopEntity = 'customers' | 'invoices';

/** Entities in load order: parents first. */
export const SHOP_ENTITIES: readonly ShopEntity[] = ['customers', 'invoices'];

export const BAD_EMAIL = 'not-an-email';
export const BAD_STATUS = 'bogus';
export const GHOST_CUSTOMER = 999;

/** The source's spelling of an issue date: a naive timestamp at 10:00. */
export function issuedAtText(day: number): string {
  return `2026-01-${String(day).padStart(2, '0')} 10:00:00`;
}

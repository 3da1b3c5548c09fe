/**
 * The rows of the small shop source the repeated-runs property writes: customers and their
 * invoices. The test's model and its SQLite file hold the same rows; `changedAt` is the cursor
 * column, a count of seconds after `CLOCK_START`.
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

const CLOCK_START = Date.UTC(2026, 2, 1);

/**
 * How the source writes its cursor values (SQLite keeps a DATETIME as the text written): naive
 * `YYYY-MM-DD HH:MM:SS`, naive ISO `YYYY-MM-DDTHH:MM:SS`, or ISO in UTC with milliseconds and `Z`.
 */
export type CursorSpelling = 'space' | 'iso' | 'zulu';

/** The source's text of a cursor value. */
export function changedAtText(seconds: number, spelling: CursorSpelling): string {
  const iso = new Date(CLOCK_START + seconds * 1000).toISOString();
  if (spelling === 'zulu') return iso;
  return spelling === 'iso' ? iso.slice(0, 19) : iso.slice(0, 19).replace('T', ' ');
}

/** The source's spelling of an issue date: a naive timestamp at 10:00. */
export function issuedAtText(day: number): string {
  return `2026-01-${String(day).padStart(2, '0')} 10:00:00`;
}

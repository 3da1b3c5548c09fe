import { BAD_EMAIL, BAD_STATUS, type CustomerRow, type InvoiceRow, type ShopEntity } from './shop-rows.ts';

/** A record as core keeps it: the mapped fields in core's canonical form, and its references. */
export interface CoreValues {
  readonly fields: Readonly<Record<string, unknown>>;
  readonly refs: Readonly<Record<string, string | null>>;
}

/** What core holds for one external id: its values, and whether a mirror run marked it deleted. */
export interface StoredValues extends CoreValues {
  readonly deleted: boolean;
}

/**
 * The record a customer row becomes (docs/mappings.md: each column as it is), or undefined when
 * core refuses it (an e-mail that is no e-mail).
 */
export function customerValues(row: CustomerRow): CoreValues | undefined {
  if (row.email === BAD_EMAIL) return undefined;
  return {
    fields: { firstName: row.first, lastName: row.last, email: row.email, phone: row.phone },
    refs: {},
  };
}

/**
 * The record an invoice row becomes, or undefined when core refuses its fields (a status outside
 * the enum). Whether its customer resolves depends on core, not on the row.
 */
export function invoiceValues(row: InvoiceRow, zoneOffset: number): CoreValues | undefined {
  if (row.status === BAD_STATUS) return undefined;
  // A naive source timestamp (10:00 on a day of January) is read in the run's zone; core keeps microseconds.
  const issued = Date.UTC(2026, 0, row.issuedDay, 10) - zoneOffset * 60_000;
  return {
    fields: {
      issuedAt: `${new Date(issued).toISOString().slice(0, 19)}.000000Z`,
      total: atScale2(row.total),
      status: row.status,
    },
    refs: { customer: String(row.custId) },
  };
}

/** `12.5` -> `12.50`, `7` -> `7.00`: core gives decimals back at their field's scale (`total`: 2). */
export function atScale2(text: string): string {
  const [whole, fraction = ''] = text.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

/** Whether two stored versions are equal, field by field and reference by reference. */
export function sameValues(a: CoreValues, b: CoreValues): boolean {
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

function sorted(values: CoreValues): unknown {
  const order = (o: Readonly<Record<string, unknown>>) =>
    Object.fromEntries(Object.entries(o).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  return { fields: order(values.fields), refs: order(values.refs) };
}

/** The values of a row of either entity, naive timestamps read in a zone `zoneOffset` minutes east of UTC. */
export function rowValues(
  entity: ShopEntity,
  row: CustomerRow | InvoiceRow,
  zoneOffset: number,
): CoreValues | undefined {
  return entity === 'customers'
    ? customerValues(row as CustomerRow)
    : invoiceValues(row as InvoiceRow, zoneOffset);
}

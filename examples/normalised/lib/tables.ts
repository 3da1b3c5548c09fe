/**
 * The normalised shop's schema: every address is a row of `address`, in a `city`, in a `country`;
 * an order row is both an invoice and its single line; a store's manager works at the store (a
 * cycle). Foreign keys are declared, so the schema reads like a real normalised database.
 */

/** A column type, rendered by each dialect in `sql-target.ts`. */
export type ColumnKind = 'int' | 'text' | 'code' | 'money' | 'timestamp';

export interface Column {
  readonly name: string;
  readonly kind: ColumnKind;
  /** The table this column refers to (its integer primary key). */
  readonly references?: string;
}

export interface Table {
  readonly name: string;
  /** The first column is the integer primary key. */
  readonly columns: readonly Column[];
}

const id = (name: string): Column => ({ name, kind: 'int' });
const fk = (name: string, references: string): Column => ({ name, kind: 'int', references });
const text = (name: string): Column => ({ name, kind: 'text' });
const code = (name: string): Column => ({ name, kind: 'code' });
const money = (name: string): Column => ({ name, kind: 'money' });
const stamp = (name: string): Column => ({ name, kind: 'timestamp' });

/** In creation order: a table refers only to earlier ones, but for `store.manager_id` (the cycle). */
export const TABLES: readonly Table[] = [
  { name: 'country', columns: [id('country_id'), code('iso_code'), text('name'), stamp('updated_at')] },
  { name: 'city', columns: [id('city_id'), text('name'), fk('country_id', 'country'), stamp('updated_at')] },
  {
    name: 'address',
    columns: [
      id('address_id'),
      text('street'),
      text('postal_code'),
      fk('city_id', 'city'),
      stamp('updated_at'),
    ],
  },
  {
    name: 'store',
    columns: [
      id('store_id'),
      text('name'),
      fk('address_id', 'address'),
      fk('manager_id', 'staff'),
      stamp('updated_at'),
    ],
  },
  {
    name: 'staff',
    columns: [
      id('staff_id'),
      text('first_name'),
      text('last_name'),
      text('email'),
      fk('store_id', 'store'),
      stamp('updated_at'),
    ],
  },
  {
    name: 'customer',
    columns: [
      id('customer_id'),
      text('first_name'),
      text('last_name'),
      text('email'),
      fk('address_id', 'address'),
      fk('store_id', 'store'),
      stamp('updated_at'),
    ],
  },
  { name: 'product', columns: [id('product_id'), text('name'), money('price'), stamp('updated_at')] },
  {
    name: 'orders',
    columns: [
      id('order_id'),
      fk('customer_id', 'customer'),
      fk('product_id', 'product'),
      { name: 'quantity', kind: 'int' },
      money('unit_price'),
      money('total'),
      code('currency'),
      stamp('ordered_at'),
      stamp('updated_at'),
    ],
  },
  {
    name: 'payment',
    columns: [
      id('payment_id'),
      fk('order_id', 'orders'),
      money('amount'),
      stamp('paid_at'),
      fk('staff_id', 'staff'),
      stamp('updated_at'),
    ],
  },
];

/** A foreign key to a table created later: added once every table exists (PostgreSQL, MySQL). */
export const isForwardReference = (table: Table, column: Column): boolean =>
  column.references !== undefined &&
  TABLES.findIndex((t) => t.name === column.references) > TABLES.findIndex((t) => t.name === table.name);

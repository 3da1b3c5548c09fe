import fc from 'fast-check';
import { ShopModel } from './shop-model.ts';
import {
  BAD_EMAIL,
  BAD_STATUS,
  type CustomerRow,
  GHOST_CUSTOMER,
  type InvoiceRow,
  type ShopEntity,
} from './shop-rows.ts';
import type { ShopWorld } from './shop-world.ts';

/** New values for a row, drawn from few choices so that updates often change nothing. */
export interface RowValues {
  readonly first: string;
  readonly last: string;
  readonly email: string;
  readonly phone: string | null;
  /** Which customer an invoice names: one of the source's or of those deleted from it, or a ghost. */
  readonly customerPick: number | 'ghost';
  readonly issuedDay: number;
  readonly cents: number;
  /** `12.50` rather than `12.5`: another spelling of the same amount. */
  readonly padded: boolean;
  readonly status: string;
}

export const rowValues: fc.Arbitrary<RowValues> = fc.record({
  first: fc.constantFrom('Ada', 'Bob', 'Cy'),
  last: fc.constantFrom('Ng', 'Olsen'),
  email: fc.constantFrom('ada@example.com', 'bob@example.org'),
  phone: fc.constantFrom(null, '555-0100', '555-0199'),
  customerPick: fc.oneof(
    { weight: 9, arbitrary: fc.nat(20) },
    { weight: 1, arbitrary: fc.constant('ghost' as const) },
  ),
  issuedDay: fc.integer({ min: 1, max: 3 }),
  cents: fc.constantFrom(0, 1250, 1999, 100000),
  padded: fc.boolean(),
  status: fc.constantFrom('draft', 'open', 'paid', 'void'),
});

const totalText = (cents: number, padded: boolean): string => {
  const whole = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
  return padded ? whole : whole.replace(/0+$/, '').replace(/\.$/, '');
};

/** The row `values` make of row `id` with cursor `changedAt`. */
function rowOf(
  model: ShopModel,
  entity: ShopEntity,
  id: number,
  values: RowValues,
  changedAt: number,
): CustomerRow | InvoiceRow {
  if (entity === 'customers')
    return {
      id,
      first: values.first,
      last: values.last,
      email: values.email,
      phone: values.phone,
      changedAt,
    };
  const customers = [...model.rows.customers.keys(), ...model.removed.customers.keys()];
  const pick = values.customerPick;
  return {
    id,
    custId: pick === 'ghost' ? GHOST_CUSTOMER : (ShopModel.pick(customers, pick) ?? GHOST_CUSTOMER),
    issuedDay: values.issuedDay,
    total: totalText(values.cents, values.padded),
    status: values.status,
    changedAt,
  };
}

async function write(
  model: ShopModel,
  world: ShopWorld,
  entity: ShopEntity,
  row: CustomerRow | InvoiceRow,
): Promise<void> {
  if (entity === 'customers') {
    model.put('customers', row as CustomerRow);
    await world.source.putCustomer(row as CustomerRow);
  } else {
    model.put('invoices', row as InvoiceRow);
    await world.source.putInvoice(row as InvoiceRow);
  }
}

const broken = (entity: ShopEntity, row: CustomerRow | InvoiceRow): boolean =>
  entity === 'customers'
    ? (row as CustomerRow).email === BAD_EMAIL
    : (row as InvoiceRow).status === BAD_STATUS;

/**
 * The cursor value a written row gets: the clock moved on by the change's `step` (whole units of
 * the column: 1 µs, half a millisecond, half a second...), the clock's current value (which rows
 * written before may share, and a watermark may already hold), or the row's own value as it was
 * (an update that leaves the cursor alone; for a new row, the current value).
 */
export type CursorMove = 'next' | 'same' | 'keep';

/** How far a `next` cursor moves the clock, in microseconds; a second when left out. */
interface Step {
  readonly step?: number;
}

/** One change to the source, applied to the model's rows and to the SQLite file alike. */
export type SourceChange =
  | ({
      readonly kind: 'insert';
      readonly entity: ShopEntity;
      readonly values: RowValues;
      readonly cursor: CursorMove;
    } & Step)
  | ({
      readonly kind: 'update';
      readonly entity: ShopEntity;
      readonly pick: number;
      readonly values: RowValues;
      readonly cursor: CursorMove;
    } & Step)
  | ({
      readonly kind: 'break' | 'fix' | 'reinsert';
      readonly entity: ShopEntity;
      readonly pick: number;
      readonly cursor: CursorMove;
    } & Step)
  | { readonly kind: 'delete'; readonly entity: ShopEntity; readonly pick: number };

function cursorValue(
  model: ShopModel,
  change: { cursor: CursorMove } & Step,
  old: number | undefined,
): number {
  const move = change.cursor;
  if (move === 'next') return model.tick(change.step);
  if (move === 'keep' && old !== undefined) return old;
  return model.now();
}

/** Applies a change; one that finds no row to change (say, a fix with no broken row) does nothing. */
export async function applyChange(model: ShopModel, world: ShopWorld, change: SourceChange): Promise<void> {
  const { entity } = change;
  if (change.kind === 'insert') {
    await write(
      model,
      world,
      entity,
      rowOf(model, entity, model.newId(entity), change.values, cursorValue(model, change, undefined)),
    );
    return;
  }
  const rows = model.rows[entity] as Map<number, CustomerRow | InvoiceRow>;
  if (change.kind === 'reinsert') {
    const id = ShopModel.pick(model.removed[entity].keys(), change.pick);
    const row = id === undefined ? undefined : model.removed[entity].get(id);
    if (row !== undefined)
      await write(model, world, entity, { ...row, changedAt: cursorValue(model, change, row.changedAt) });
    return;
  }
  const candidates = [...rows.values()].filter((row) => change.kind !== 'fix' || broken(entity, row));
  const id = ShopModel.pick(
    candidates.map((row) => row.id),
    change.pick,
  );
  const row = id === undefined ? undefined : rows.get(id);
  if (id === undefined || row === undefined) return;
  if (change.kind === 'delete') {
    model.remove(entity, id);
    await world.source.remove(entity, id);
    return;
  }
  const changedAt = cursorValue(model, change, row.changedAt);
  if (change.kind === 'update')
    await write(model, world, entity, rowOf(model, entity, id, change.values, changedAt));
  else if (entity === 'customers')
    await write(model, world, entity, {
      ...(row as CustomerRow),
      email: change.kind === 'break' ? BAD_EMAIL : 'fixed@example.com',
      changedAt,
    });
  else
    await write(model, world, entity, {
      ...(row as InvoiceRow),
      status: change.kind === 'break' ? BAD_STATUS : 'open',
      changedAt,
    });
}

const entity = fc.constantFrom<ShopEntity>('customers', 'invoices');
const cursor = fc.constantFrom<CursorMove>('next', 'next', 'same', 'keep');
const pick = fc.nat(20);
/**
 * Steps of the clock that stress a cursor's precision: a microsecond (below JavaScript's
 * milliseconds), half a millisecond less one and exactly, a millisecond, half a second (the same
 * second, another fraction), a second, a second and a microsecond, and ten seconds less one
 * microsecond (numbers then gain a digit: `999.999` to `10999.998`).
 */
const step = fc.constantFrom(1, 499, 500, 1000, 500_000, 1_000_000, 1_000_001, 9_999_999);

/** A new row. */
export const sourceInsert: fc.Arbitrary<SourceChange> = fc.record({
  kind: fc.constant('insert' as const),
  entity,
  values: rowValues,
  cursor,
  step,
});

/** Any change to the source. */
export const sourceChange: fc.Arbitrary<SourceChange> = fc.oneof(
  { weight: 4, arbitrary: sourceInsert },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('update' as const),
      entity,
      pick,
      values: rowValues,
      cursor,
      step,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom('break' as const, 'fix' as const),
      entity,
      pick,
      cursor,
      step,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), entity, pick }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('reinsert' as const), entity, pick, cursor, step }),
  },
);

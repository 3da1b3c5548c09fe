import type { StoredValues } from './expected-record.ts';
import type { CustomerRow, InvoiceRow, ShopEntity } from './shop-rows.ts';

type RowOf<E extends ShopEntity> = E extends 'customers' ? CustomerRow : InvoiceRow;

/**
 * What the property believes: the source's rows (and the rows deleted from it, to put back), what
 * core holds for the tenant per entity and external id, and each stream's watermark. Changed by
 * the commands and by `predictRun`, never by reading onboard or core.
 */
export class ShopModel {
  readonly rows: { customers: Map<number, CustomerRow>; invoices: Map<number, InvoiceRow> } = {
    customers: new Map(),
    invoices: new Map(),
  };
  readonly removed: { customers: Map<number, CustomerRow>; invoices: Map<number, InvoiceRow> } = {
    customers: new Map(),
    invoices: new Map(),
  };
  readonly core: Record<ShopEntity, Map<string, StoredValues>> = {
    customers: new Map(),
    invoices: new Map(),
  };
  /** Per entity (each reads its own stream): the largest cursor a successful run read. */
  readonly watermarks = new Map<ShopEntity, number>();
  /** The smallest step of the source's cursor column, in microseconds (`cursorUnit`). */
  readonly unit: number;
  /** The run's `--timezone`, minutes east of UTC: naive timestamps are read in it. */
  readonly zoneOffset: number;
  /** The source's clock (microseconds): each row written with a new cursor value moves it on. */
  #clock = 0;
  #nextId: Record<ShopEntity, number> = { customers: 1, invoices: 1 };

  constructor(unit = 1_000_000, zoneOffset = 0) {
    this.unit = unit;
    this.zoneOffset = zoneOffset;
  }

  /** Moves the clock on by `step` microseconds, rounded up to whole units of the column. */
  tick(step = 1_000_000): number {
    this.#clock += Math.max(1, Math.ceil(step / this.unit)) * this.unit;
    return this.#clock;
  }

  /** The clock's current value (its first step when it has not moved yet). */
  now(): number {
    return this.#clock === 0 ? this.tick() : this.#clock;
  }

  newId(entity: ShopEntity): number {
    const id = this.#nextId[entity];
    this.#nextId[entity] = id + 1;
    return id;
  }

  /** The `pick`-th of a sorted list of ids (modulo its length), or undefined when it is empty. */
  static pick(ids: Iterable<number>, pick: number): number | undefined {
    const list = [...ids].sort((a, b) => a - b);
    return list.length === 0 ? undefined : list[pick % list.length];
  }

  /**
   * A copy of what a run sees and changes (the rows, core's records, the watermarks), for predicting
   * a run whose outcome is known only later (one that is killed, then maybe resumed).
   */
  fork(): ShopModel {
    const copy = new ShopModel(this.unit, this.zoneOffset);
    copy.rows.customers = new Map(this.rows.customers);
    copy.rows.invoices = new Map(this.rows.invoices);
    copy.adopt(this);
    for (const [entity, mark] of this.watermarks) copy.watermarks.set(entity, mark);
    return copy;
  }

  /** Takes core's records and the watermarks of `other` (a fork whose run has now happened). */
  adopt(other: ShopModel): void {
    this.core.customers = new Map(other.core.customers);
    this.core.invoices = new Map(other.core.invoices);
    this.watermarks.clear();
    for (const [entity, mark] of other.watermarks) this.watermarks.set(entity, mark);
  }

  row<E extends ShopEntity>(entity: E, id: number): RowOf<E> | undefined {
    return this.rows[entity].get(id) as RowOf<E> | undefined;
  }

  put<E extends ShopEntity>(entity: E, row: RowOf<E>): void {
    (this.rows[entity] as Map<number, RowOf<E>>).set(row.id, row);
    this.removed[entity].delete(row.id);
  }

  remove(entity: ShopEntity, id: number): void {
    const row = this.rows[entity].get(id);
    if (row === undefined) return;
    this.rows[entity].delete(id);
    (this.removed[entity] as Map<number, typeof row>).set(id, row);
  }
}

import type { Cell, VendorTable } from '../table.ts';

/** A new value for one column of row `id`. */
export interface RowChange {
  readonly id: number;
  readonly value: Cell;
}

/** Writes generated Vendor X tables into one database. One implementation per technology. */
export interface VendorWriter {
  /** Rows per `insert` call that suit this technology. */
  readonly batchSize: number;
  /** Drops the Vendor X tables if they exist (and only them), then creates them empty. */
  createTables(tables: readonly VendorTable[]): Promise<void>;
  /** Appends rows, cells in column order. */
  insert(table: VendorTable, rows: readonly Cell[][]): Promise<void>;
  /**
   * Sets `column` of the rows whose primary key is each change's `id`, and their `last_modified`
   * to `lastModified` (a naive timestamp): later activity in the vendor's system.
   */
  update(
    table: VendorTable,
    column: string,
    changes: readonly RowChange[],
    lastModified: string,
  ): Promise<void>;
  /** Builds the secondary indexes and refreshes statistics, once every row is in. */
  finish(tables: readonly VendorTable[]): Promise<void>;
  /** Releases the connection. */
  close(): Promise<void>;
}

import type { DirtTally } from './dirt-tally.ts';
import type { VendorXSizes } from './sizes.ts';

/** A column type, rendered by each writer in its own dialect. */
export type ColumnType =
  | { readonly kind: 'int' }
  | { readonly kind: 'varchar'; readonly length: number }
  | { readonly kind: 'char'; readonly length: number }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  /** A naive timestamp: no time zone stored, like most legacy schemas. */
  | { readonly kind: 'timestamp' };

export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
}

/** A cell as the generator produces it: decimals and timestamps are strings. */
export type Cell = string | number | null;

/** What every row builder gets: the seed, the table sizes and the dirt counters. */
export interface TableContext {
  readonly seed: number;
  readonly sizes: VendorXSizes;
  readonly tally: DirtTally;
}

/** One Vendor X table: its definition and a pure builder of row `id` (1-based) in column order. */
export interface VendorTable {
  readonly name: keyof VendorXSizes;
  /** The first column is the integer primary key. */
  readonly columns: readonly ColumnDef[];
  /** Columns that get a secondary index after the load (foreign keys, the incremental cursor). */
  readonly indexed: readonly string[];
  row(ctx: TableContext, id: number): Cell[];
}

export const int = (name: string, nullable = true): ColumnDef => ({ name, type: { kind: 'int' }, nullable });
export const varchar = (name: string, length: number, nullable = true): ColumnDef => ({
  name,
  type: { kind: 'varchar', length },
  nullable,
});
export const char = (name: string, length: number, nullable = true): ColumnDef => ({
  name,
  type: { kind: 'char', length },
  nullable,
});
export const decimal = (name: string, precision: number, scale: number, nullable = true): ColumnDef => ({
  name,
  type: { kind: 'decimal', precision, scale },
  nullable,
});
export const timestamp = (name: string, nullable = true): ColumnDef => ({
  name,
  type: { kind: 'timestamp' },
  nullable,
});

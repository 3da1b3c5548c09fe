import type { Kysely, Transaction } from 'kysely';

/** Tables are derived from the model at run time, so queries are typed loosely. */
export type DynamicDatabase = Record<string, Record<string, unknown>>;
export type Db = Kysely<DynamicDatabase>;
export type Trx = Transaction<DynamicDatabase>;
/** A database handle or an open transaction on it. */
export type Queryable = Db | Trx;
/** One row as a plain column -> value map. */
export type Row = Record<string, unknown>;

import type { SqliteAffinity } from '../sqlite/affinity.ts';
import type { ValueType } from '../value.ts';

/**
 * How a technology's native column type maps onto the value model: what each connector's
 * `normalise.ts` returns for a native type, and what the shared converters and parameter encoders use.
 */
export interface ColumnSpec {
  readonly type: ValueType;
  /** Digits after the point, for decimals a driver hands over as floats (SQLite). */
  readonly scale?: number;
  /** The timestamp stores an instant (offset known); naive ones are read in the source timezone. */
  readonly zoned?: boolean;
  /** MySQL: `0000-00-00` dates read as null with a warning. */
  readonly zeroDates?: boolean;
  /** Set when the type cannot be read: an expression that casts the column in a custom query. */
  readonly castHint?: string;
  /** PostgreSQL: the type the column is cast to when read (`numeric` for money, `text[]` for arrays). */
  readonly readAs?: string;
  /** For a `json` list read from an array column: how each element is read. */
  readonly element?: ColumnSpec;
  /**
   * Why a key value of this type, as read, does not compare in the database as the value stored
   * (so a key range or resume point bound by it could miss or repeat rows): a stream keyed on such
   * a column is read whole, with a warning giving this reason.
   */
  readonly inexactKey?: string;
  /** SQLite: the column's affinity, which decides how a bound parameter compares with its values. */
  readonly affinity?: SqliteAffinity;
  /** SQLite: the column is its table's rowid (`INTEGER PRIMARY KEY`), which holds integers only. */
  readonly rowid?: boolean;
}

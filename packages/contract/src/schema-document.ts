/**
 * The machine-readable model that core serves at `GET /v1/schema`. Core derives it from its one
 * model definition; the ETL tool checks mappings against it and plans from its references. Nothing
 * here names an entity or a field: those exist only in core.
 */

/** The kinds of value a field holds on the wire. */
export type FieldType =
  /** A string; `maxLength` bounds it. */
  | 'string'
  /** A string holding an e-mail address. */
  | 'email'
  /** A whole number (JSON number, safe-integer range). */
  | 'integer'
  /** An exact decimal as a string (`"12.50"`); never a JSON number. */
  | 'decimal'
  | 'boolean'
  /** ISO-8601 timestamp in UTC with up to microseconds: `2024-01-31T12:00:00.123456Z`. */
  | 'timestamp'
  /** `YYYY-MM-DD`. */
  | 'date'
  /** One of `enum`. */
  | 'enum'
  /** ISO 4217 currency code, three upper-case letters. */
  | 'currency'
  /** ISO 3166-1 alpha-2 country code, two upper-case letters of an assigned code (`US`, `FR`). */
  | 'country'
  /** Any JSON object. */
  | 'json'
  /** A nested object whose members are `fields`. */
  | 'object';

/** One field of an entity (or of a nested object). */
export interface FieldSchema {
  readonly name: string;
  readonly type: FieldType;
  /** A record must carry it (with a non-null value) when it is created. */
  readonly required: boolean;
  readonly description?: string;
  readonly maxLength?: number;
  /** For decimals and integers, as exact decimal strings. */
  readonly minimum?: string;
  readonly exclusiveMinimum?: string;
  readonly maximum?: string;
  /** Total and fractional digits of a decimal. */
  readonly precision?: number;
  readonly scale?: number;
  readonly enum?: readonly string[];
  /** The value a record gets when it is created without one, or sends null (never stored null). */
  readonly default?: string | number | boolean;
  /** Members of an `object` field. */
  readonly fields?: readonly FieldSchema[];
}

/** A reference from one entity to another, given on the wire by the parent's external id. */
export interface ReferenceSchema {
  /** Name used in `ImportRecord.refs`. */
  readonly name: string;
  /** The entity referred to (may be the entity itself). */
  readonly target: string;
  readonly required: boolean;
  readonly description?: string;
}

/** One importable entity. Records are keyed by (source, externalId). */
export interface EntitySchema {
  readonly name: string;
  readonly description?: string;
  readonly fields: readonly FieldSchema[];
  readonly references: readonly ReferenceSchema[];
}

/** The whole document served at `GET /v1/schema`. */
export interface SchemaDocument {
  /** Changes whenever the model changes (a hash of it); clients compare it to detect drift. */
  readonly version: string;
  /** Largest number of records accepted in one import batch. */
  readonly maxBatchRecords: number;
  /** Largest import request body, in bytes. */
  readonly maxBatchBytes: number;
  /**
   * The request body media types `POST /v1/import/{entity}` accepts besides `application/json`
   * (the object form, `ImportBatchRequest`), e.g. `COLUMNAR_IMPORT_MEDIA_TYPE`. Absent from an
   * older core: it accepts the object form only.
   */
  readonly importMediaTypes?: readonly string[];
  readonly entities: readonly EntitySchema[];
}

import type { FieldType } from '@madeup/contract';

/** The constraints a field can carry; which ones apply depends on its kind. */
export interface FieldOptions {
  /** Must be present and non-null once the record is created. */
  readonly required?: boolean;
  readonly description?: string;
  /** Strings: longest accepted value, in characters. */
  readonly maxLength?: number;
  /** Decimals: total and fractional digits. */
  readonly precision?: number;
  readonly scale?: number;
  /** Decimals and integers: bounds as exact decimal strings. */
  readonly minimum?: string;
  readonly exclusiveMinimum?: string;
  readonly maximum?: string;
  /**
   * The value used when a record is created without the field, or sends null: such a field never
   * holds null. Must be a valid value of the field.
   */
  readonly default?: string | number | boolean;
  /** Enums: the accepted values. */
  readonly values?: readonly string[];
  /** Objects: the member fields (flattened into columns `<field>_<member>`). */
  readonly members?: Readonly<Record<string, FieldDef>>;
}

/** One field of the model: its wire type plus constraints. Plain data; kinds give behaviour. */
export interface FieldDef extends FieldOptions {
  readonly type: FieldType;
}

const make =
  (type: FieldType) =>
  (options: FieldOptions = {}): FieldDef => ({ type, ...options });

/** Builders of the model definition DSL, one per wire type. */
export const f = {
  string: make('string'),
  email: make('email'),
  integer: make('integer'),
  decimal: make('decimal'),
  boolean: make('boolean'),
  timestamp: make('timestamp'),
  date: make('date'),
  currency: make('currency'),
  country: make('country'),
  json: make('json'),
  enum: (values: readonly string[], options: FieldOptions = {}): FieldDef => ({
    type: 'enum',
    values,
    ...options,
  }),
  object: (members: Readonly<Record<string, FieldDef>>, options: FieldOptions = {}): FieldDef => ({
    type: 'object',
    members,
    ...options,
  }),
};

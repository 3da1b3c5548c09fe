/**
 * Every code core gives a rejected record in `RecordError.code`, with what it means. docs/core.md
 * lists the same table (a test keeps them equal). Clients branch on the code, never on the message.
 */
export const RECORD_ERROR_CODES = {
  required: 'a required field or reference is missing or null',
  invalid_type: 'the value has the wrong JSON type (or the record or a member is not an object)',
  invalid_format:
    'the text does not have the format of its type (date, timestamp, e-mail, currency, country...), does not exist (30 February, offset +24:00), or holds NUL or an unpaired surrogate',
  invalid_scale: 'a decimal has more fractional digits than its scale',
  invalid_enum: "the value is not one of the field's allowed values",
  too_long: 'a text (or a JSON value) is longer than its field allows',
  too_small: 'a number is below its minimum',
  too_large:
    'a number is above its maximum, or has more digits before the point than its precision allows, or a JSON value is nested deeper than 32 levels',
  unknown_field: 'the entity has no such field (or the record no such member)',
  server_owned_field: 'the field is set by core and cannot be imported',
  unknown_reference: 'the entity has no such reference',
  unresolved_reference: 'the referenced parent does not exist (and `deferUnresolved` is not set)',
  duplicate_external_id: 'the same external id occurs twice in one batch',
} as const satisfies Record<string, string>;

/** A code of `RECORD_ERROR_CODES`. */
export type RecordErrorCode = keyof typeof RECORD_ERROR_CODES;

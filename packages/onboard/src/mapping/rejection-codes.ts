import type { RecordError, RecordErrorCode } from '@madeup/contract';

/**
 * The codes onboard gives a row it rejects itself, before sending anything to core (core's own
 * codes are the contract's `RECORD_ERROR_CODES`). docs/mappings.md lists the same table (a test
 * keeps them equal).
 */
export const ONBOARD_REJECTION_CODES = {
  invalid_number: 'the text is not a number, or not one the field can hold',
  invalid_integer: 'the value is not a whole number in the safe-integer range',
  invalid_boolean: 'the value is not one of the accepted true/false spellings',
  invalid_date: 'the text is not a date or timestamp in the format given, or the day does not exist',
  invalid_currency: 'the text is not an ISO 4217 currency code',
  unmapped_value: 'a `map` has no entry for the value and no default',
  hook_failed: 'a row hook threw, or names a function the hooks module does not export',
  transform_failed: 'an expression failed on the row for an unexpected reason',
} as const satisfies Record<string, string>;

/** A code a rejected row can carry: core's, or onboard's own. */
export type RejectionCode = RecordErrorCode | keyof typeof ONBOARD_REJECTION_CODES;

/** Why onboard rejected a row, with a code of either registry. */
export type Rejection = RecordError<RejectionCode>;

import type { ImportBatchResponse, RecordResult } from '@madeup/contract';

/** Most errors returned for one record. */
export const MAX_ERRORS_PER_RECORD = 10;
/** Most record errors returned in one response (each rejected record keeps its first error beyond it). */
export const MAX_ERRORS_PER_RESPONSE = 1000;

/**
 * Bounds the errors of a batch response, so a hostile or broken batch (say 7 MB of unknown
 * fields) cannot make a response many times its own size. Each rejected record keeps at least
 * its first error; what is left out is counted per record and for the response.
 */
export function capErrors(response: ImportBatchResponse): ImportBatchResponse {
  let budget = MAX_ERRORS_PER_RESPONSE;
  let omitted = 0;
  const results = response.results.map((result): RecordResult => {
    const errors = result.errors;
    if (errors === undefined || errors.length === 0) return result;
    const keep = Math.max(1, Math.min(errors.length, MAX_ERRORS_PER_RECORD, budget));
    budget = Math.max(0, budget - keep);
    if (keep === errors.length) return result;
    omitted += errors.length - keep;
    return { ...result, errors: errors.slice(0, keep), errorsOmitted: errors.length - keep };
  });
  return omitted === 0 ? response : { ...response, results, errorsOmitted: omitted };
}

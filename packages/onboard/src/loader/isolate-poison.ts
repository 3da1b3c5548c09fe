import type { RecordError, RecordResult } from '@madeup/contract';
import { CoreRequestError, CoreServerError } from './core-errors.ts';

/**
 * Core's result for one record, or onboard's rejection of a record core refused a whole request
 * for (its error code is then core's problem code, e.g. `payload_too_large`).
 */
export type LoadedResult = Omit<RecordResult, 'errors'> & {
  readonly errors?: readonly RecordError<string>[];
};

/**
 * Sends a batch's records `from` to `to` (end excluded) under an idempotency key; returns core's
 * results in order.
 */
export type SendRecords = (from: number, to: number, key: string) => Promise<readonly RecordResult[]>;

/**
 * Why core refused a whole request in a way that may be about one of its records: a 400 (the body
 * or a value core cannot read), a 413 (too large), a 422 (other than a reused idempotency key), or
 * a 500 that persisted through its retries. `undefined` for anything else (401, 403, 404, 409, an
 * outage), which no smaller batch can fix.
 */
export function contentSuspicion(error: unknown): RecordError<string> | undefined {
  if (error instanceof CoreServerError)
    return { field: '', code: error.code ?? 'internal_error', message: error.message };
  if (!(error instanceof CoreRequestError)) return undefined;
  const aboutContent =
    error.status === 400 ||
    error.status === 413 ||
    (error.status === 422 && error.code !== 'idempotency_key_reused');
  return aboutContent
    ? { field: '', code: error.code ?? `http_${error.status}`, message: error.message }
    : undefined;
}

/**
 * Loads a batch and, when core refuses it for a reason that may be one record's (see
 * `contentSuspicion`), finds the record(s) by bisection: each half is sent on its own, under a key
 * derived from the batch's (`KEY~from-to`, stable across retries and resumes), until the records
 * core refuses alone are found; those come back `rejected` with core's reason and the others are
 * loaded. Before splitting, `probe` (an empty batch) checks that core takes requests at all: if
 * it fails too, the refusal was not about the records and the first error is thrown.
 */
export async function loadIsolating(
  send: SendRecords,
  batch: {
    /** How many records the batch has. */
    readonly count: number;
    readonly externalIds: readonly string[];
    readonly key: string;
  },
  probe: () => Promise<unknown>,
): Promise<LoadedResult[]> {
  let probed: Promise<boolean> | undefined;
  const coreWorks = () => {
    probed ??= probe().then(
      () => true,
      () => false,
    );
    return probed;
  };
  const load = async (from: number, to: number): Promise<LoadedResult[]> => {
    const whole = from === 0 && to === batch.count;
    const key = whole ? batch.key : `${batch.key}~${from}-${to}`;
    try {
      return [...(await send(from, to, key))];
    } catch (error) {
      const reason = contentSuspicion(error);
      if (reason === undefined || !(await coreWorks())) throw error;
      if (to - from === 1)
        return [{ externalId: batch.externalIds[from] ?? '', outcome: 'rejected', errors: [reason] }];
      const mid = (from + to) >>> 1;
      return [...(await load(from, mid)), ...(await load(mid, to))];
    }
  };
  return load(0, batch.count);
}

import type { WhoAmI } from '@madeup/contract';
import type { CoreClient } from './core-client.ts';
import { CoreRequestError } from './core-errors.ts';
import { idempotencyKey } from './idempotency-key.ts';
import { type LoadedResult, loadIsolating } from './isolate-poison.ts';
import type { RequestBody } from './request-body.ts';
import { Semaphore } from './semaphore.ts';

/** One batch of one entity, ready to send. */
export interface LoadBatch {
  readonly runId: string;
  readonly taskId: string;
  /** The batch's sequence number within its task: with the run and task, its stable identity. */
  readonly seq: number;
  readonly entity: string;
  readonly dryRun: boolean;
  /** The request body: the source, `deferUnresolved` and the serialised `ImportRecord`s. */
  readonly body: RequestBody;
  /** Their external ids, in the same order, to check core's answer against. */
  readonly externalIds: readonly string[];
}

/**
 * Sends batches to core with at most `concurrency` requests in flight, each under a deterministic
 * `Idempotency-Key`, and returns core's per-record results in input order. A batch core refuses
 * because of some of its records is split until those are found and rejected (`loadIsolating`).
 */
export class Loader {
  readonly #client: CoreClient;
  readonly #slots: Semaphore;

  constructor(client: CoreClient, concurrency: number) {
    this.#client = client;
    this.#slots = new Semaphore(concurrency);
  }

  /** Who the loader's token is (see `CoreClient.whoami`). */
  whoami(signal?: AbortSignal): Promise<WhoAmI> {
    return this.#client.whoami(signal);
  }

  /**
   * Loads one batch. Once core has answered for every record, the batch's body goes back to the
   * pool it came from (`RequestBody.release`): the caller must not read it afterwards.
   */
  async load(batch: LoadBatch, signal?: AbortSignal): Promise<readonly LoadedResult[]> {
    const { entity, dryRun, externalIds, body: whole } = batch;
    const count = whole.count;
    if (count === 0) {
      whole.release();
      return [];
    }
    // The same bytes are hashed for the key and sent (a part of the batch, when core refused it
    // whole, is cut from them).
    const key = idempotencyKey(batch.runId, batch.taskId, batch.seq, whole.bytes);
    const place = `${entity} batch ${batch.taskId}#${batch.seq}`;
    const send = (from: number, to: number, requestKey: string) => {
      const body = whole.part(from, to);
      return this.#slots.use(async () => {
        const response = await this.#client.importBatch(entity, body, {
          dryRun,
          idempotencyKey: requestKey,
          contentType: whole.mediaType,
          externalIds: externalIds.slice(from, to),
          ...(signal === undefined ? {} : { signal }),
        });
        return response.results;
      });
    };
    const results = await loadIsolating(send, { count, externalIds, key }, () => send(0, 0, `${key}~probe`));
    // Answered: no request reads the body any more (a failed one is left to the garbage collector,
    // as a request given up on might still be writing it).
    whole.release();
    return checkResults(place, externalIds, results);
  }
}

/**
 * Core's results must name the records sent, in order. A record core rejected because it cannot
 * read its external id (e.g. a NUL in it) comes back under another id: it keeps the id sent, so
 * the rejection is stored against the source row instead of failing the batch.
 */
function checkResults(
  place: string,
  externalIds: readonly string[],
  results: readonly LoadedResult[],
): readonly LoadedResult[] {
  const fixed = results.map((result, i) => {
    const sent = externalIds[i];
    if (sent === undefined || result.externalId === sent || result.outcome !== 'rejected') return result;
    return { ...result, externalId: sent };
  });
  const mismatch =
    fixed.length !== externalIds.length || fixed.some((result, i) => result.externalId !== externalIds[i]);
  if (mismatch) {
    throw new CoreRequestError(
      `core's answer for ${place} does not match the records sent (${results.length} results for ${externalIds.length} records)`,
      200,
    );
  }
  return fixed;
}

import type { ImportRecord } from '@madeup/contract';

/** What a retrying loader saw: every answer's status, and the problems of the failed attempts. */
export interface LoadReport {
  /** Count of answers per HTTP status (`0` for a request that got no answer at all). */
  readonly statuses: Map<number, number>;
  /** Each non-200 answer: status, problem code, `Retry-After` and content type. */
  readonly failures: { status: number; code?: string; retryAfter: string | null; type: string | null }[];
}

/** Options of `loadWithRetries`. */
export interface LoadOptions {
  readonly url: string;
  readonly token: string;
  readonly entity: string;
  readonly source: string;
  readonly batches: readonly (readonly ImportRecord[])[];
  /** Batches in flight at once. */
  readonly concurrency: number;
  /** Statuses retried (after a short pause); any other non-200 status throws. */
  readonly retryOn?: readonly number[];
  /** Called after each batch that got its 200. */
  readonly onBatchDone?: () => void;
  /** Gives up (throws) after this long. */
  readonly deadlineMs?: number;
}

/**
 * Sends every batch with its own `Idempotency-Key`, `concurrency` at a time, and retries a batch
 * that got a retryable answer (503, 429 by default) or no answer until it gets 200, like a loader
 * honouring `Retry-After` would (the pause is capped at 200 ms to keep tests short).
 */
export async function loadWithRetries(options: LoadOptions): Promise<LoadReport> {
  const retryOn = new Set(options.retryOn ?? [503, 429]);
  const statuses = new Map<number, number>();
  const failures: LoadReport['failures'] = [];
  const deadline = Date.now() + (options.deadlineMs ?? 45_000);
  let next = 0;
  const send = async (index: number) => {
    const body = JSON.stringify({ source: options.source, records: options.batches[index] });
    for (;;) {
      if (Date.now() > deadline) throw new Error(`batch ${index} not accepted before the deadline`);
      let status = 0;
      try {
        const response = await fetch(`${options.url}/v1/import/${options.entity}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${options.token}`,
            'content-type': 'application/json',
            'idempotency-key': `${options.source}-${index}`,
          },
          body,
        });
        status = response.status;
        const text = await response.text();
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 200) {
          options.onBatchDone?.();
          return;
        }
        const problem = parseProblem(text);
        failures.push({
          status,
          ...(problem.code !== undefined ? { code: problem.code } : {}),
          retryAfter: response.headers.get('retry-after'),
          type: response.headers.get('content-type'),
        });
        if (!retryOn.has(status)) throw new Error(`batch ${index}: ${status} ${text.slice(0, 500)}`);
      } catch (error) {
        if (status !== 0) throw error;
        statuses.set(0, (statuses.get(0) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 150));
    }
  };
  let failed = false;
  const worker = async () => {
    while (!failed && next < options.batches.length) await send(next++);
  };
  const outcomes = await Promise.allSettled(
    Array.from({ length: options.concurrency }, () =>
      worker().catch((error: unknown) => {
        failed = true;
        throw error;
      }),
    ),
  );
  const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (rejected !== undefined) throw rejected.reason;
  return { statuses, failures };
}

function parseProblem(text: string): { code?: string } {
  try {
    return JSON.parse(text) as { code?: string };
  } catch {
    return {};
  }
}

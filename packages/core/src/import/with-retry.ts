import type { StorageDialect } from '../storage/storage-dialect.ts';

const ATTEMPTS = 10;
/** Backoff ceiling per attempt: 20, 40, 80 ... ms, at most 640 ms (about 2.5 s in all, with jitter). */
const BASE_MS = 20;
const MAX_DELAY_MS = 640;

/**
 * Runs `work` again when it failed on a deadlock, a serialisation failure, a busy database or a
 * unique key taken by a concurrent batch (then the retry sees that row as existing). Waits a random
 * time under an exponentially growing ceiling between attempts, so racing batches spread out. When
 * every attempt lost, the error goes up and the client gets `503 database_busy` with Retry-After.
 */
export async function withRetry<T>(dialect: StorageDialect, work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const kind = dialect.classifyError(error);
      if (attempt >= ATTEMPTS || (kind !== 'retry' && kind !== 'unique_violation')) throw error;
      const ceiling = Math.min(MAX_DELAY_MS, BASE_MS * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
}

import type { StorageDialect } from '../storage/storage-dialect.ts';

const ATTEMPTS = 6;

/**
 * Runs `work` again when it failed on a deadlock, a serialisation failure, a busy database or a
 * unique key taken by a concurrent batch (then the retry sees that row as existing).
 */
export async function withRetry<T>(dialect: StorageDialect, work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const kind = dialect.classifyError(error);
      if (attempt >= ATTEMPTS || (kind !== 'retry' && kind !== 'unique_violation')) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

import type { Logger } from 'pino';
import type { IdempotencyStore } from './idempotency-store.ts';

/** A periodic sweep of expired idempotency records; `stop` waits for a sweep in progress. */
export interface IdempotencySweeper {
  stop(): Promise<void>;
}

/**
 * Sweeps `store` every `everyMs` (the first sweep one period after start). A sweep that fails (the
 * catalog is down) is logged and tried again at the next period; sweeps never overlap.
 */
export function startIdempotencySweeper(
  store: IdempotencyStore,
  everyMs: number,
  logger: Logger,
): IdempotencySweeper {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running !== undefined) return;
    running = store
      .sweep()
      .then(
        (deleted) => {
          if (deleted > 0) logger.info({ deleted }, 'expired idempotency records deleted');
        },
        (error: unknown) => logger.warn({ err: error }, 'idempotency sweep failed; next period retries'),
      )
      .finally(() => {
        running = undefined;
      });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

import type { Readable } from 'node:stream';

/**
 * Pulls an object-mode Readable in batches of at most `batchSize`. The Readable stays paused between
 * batches, so the producer (a database cursor, a socket, a file) is held back by its high-water mark:
 * memory is bounded by the batch and that mark, never by the source. Destroys it on early exit.
 * `map`, when given, is applied to each item as it is taken, so the batch holds only mapped items.
 */
export async function* readableBatches<T>(
  readable: Readable,
  batchSize: number,
  signal?: AbortSignal,
  map?: (item: never) => T,
): AsyncGenerator<T[]> {
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const onEnd = () => {
    ended = true;
    notify();
  };
  const onError = (error: unknown) => {
    failure = error;
    notify();
  };
  readable.on('readable', notify);
  readable.on('end', onEnd);
  readable.on('error', onError);
  signal?.addEventListener('abort', notify);
  try {
    let batch: T[] = [];
    for (;;) {
      if (failure !== undefined) throw failure;
      signal?.throwIfAborted();
      while (batch.length < batchSize) {
        const item = readable.read() as never | null;
        if (item === null) break;
        batch.push(map ? map(item) : (item as T));
      }
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
        continue;
      }
      if (ended || readable.readableEnded) {
        if (failure !== undefined) throw failure;
        if (batch.length > 0) yield batch;
        return;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    readable.off('readable', notify);
    readable.off('end', onEnd);
    readable.off('error', onError);
    signal?.removeEventListener('abort', notify);
    if (!readable.readableEnded) readable.destroy();
  }
}

/**
 * How long a run's resources stay open unused in a worker, by default (ms). In a file of its own,
 * without BullMQ, so the command line can show it without loading the worker.
 */
export const DEFAULT_IDLE_CLOSE_MS = 60_000;

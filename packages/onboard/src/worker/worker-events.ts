import pino from 'pino';
import { redact } from '../config/redact-url.ts';
import { stdoutDestination } from '../config/stdout-destination.ts';

/** What a worker reports, one JSON line each: what tests and log pipelines read. */
export type WorkerEvent =
  | { readonly event: 'worker.ready'; readonly pid: number; readonly concurrency: number }
  | { readonly event: 'queue.watch'; readonly queue: string }
  | {
      /** `snapshot.lost`: the run's shared source snapshot is gone; its tasks here read the latest state. */
      readonly event: 'task.start' | 'task.done' | 'task.failed' | 'task.handed-back' | 'snapshot.lost';
      readonly tenant: string;
      readonly runId: string;
      readonly taskId: string;
      readonly attempt: number;
      readonly ms?: number;
      readonly rows?: number;
      readonly error?: string;
    }
  | {
      /**
       * The attempt ended without being the task's end: another delivery of the task owns it
       * (`taken-over`: a newer attempt started meanwhile) or had finished it (`already-done`). Not a
       * `task.done`, and counted in no metric: the owning attempt reports and counts the task.
       */
      readonly event: 'task.superseded';
      readonly tenant: string;
      readonly runId: string;
      readonly taskId: string;
      readonly attempt: number;
      readonly ms: number;
      readonly reason: 'already-done' | 'taken-over';
    }
  | {
      readonly event: 'resources.closed';
      /** Core clients, sources and stores closed at this look for being idle. */
      readonly closed: number;
      /** Still open after it. */
      readonly open: number;
    }
  | {
      /** A request to core failed for a transient reason and waits before its next attempt. */
      readonly event: 'core.waiting';
      /** `waiting for core at URL (reason), retrying for up to N more s`. */
      readonly message: string;
      readonly target: string;
      readonly reason: string;
      readonly attempt: number;
      readonly delayMs: number;
      readonly remainingMs: number;
    }
  | { readonly event: 'worker.stopping'; readonly signal: string; readonly active: number }
  | { readonly event: 'worker.stopped'; readonly handedBack: number };

/** Where a worker's events go. */
export type WorkerEventSink = (event: WorkerEvent) => void;

/**
 * Writes each event as one JSON line through pino (onboard's one JSON-lines logger), synchronously
 * on stdout by default: `{"at":ISO time,"pid":…,"event":…,…}`, as log pipelines and tests read it.
 */
export function jsonLines(destination: pino.DestinationStream = stdoutDestination()): WorkerEventSink {
  const log = pino(
    {
      base: null,
      // The line starts with the time as `at` (in place of pino's level), then the process id,
      // which an event may name itself (`worker.ready`). pino computes the level's fragment once,
      // when the logger is made, so the time cannot come from formatters.level (every line would
      // carry the start time): the level is left empty (`{`) and the time is pino's timestamp.
      formatters: { level: () => ({}) },
      timestamp: () => `"at":"${new Date().toISOString()}"`,
      mixin: () => ({ pid: process.pid }),
      // The one redaction rule, on every line (an error message may quote a URL or a token).
      hooks: { streamWrite: redact },
    },
    destination,
  );
  return (event) => log.info(event);
}

import pino, { type Logger } from 'pino';
import { redact } from '../config/redact-url.ts';
import { stdoutDestination } from '../config/stdout-destination.ts';
import type { EntityProgressInfo, ProgressReporter } from '../pipeline/progress-reporter.ts';
import type { RunSummary } from '../pipeline/run-summary.ts';
import type { BatchResult } from '../store/run-records.ts';

/** JSON lines (pino) on stdout: one event per batch, notes, and the summary at the end. */
export class JsonProgress implements ProgressReporter {
  readonly #log: Logger;

  constructor(destination: pino.DestinationStream = stdoutDestination()) {
    this.#log = pino({ base: null, messageKey: 'msg', hooks: { streamWrite: redact } }, destination);
  }

  start(runId: string, entities: readonly EntityProgressInfo[]): void {
    this.#log.info({ event: 'run.start', runId, entities }, 'run started');
  }

  batch(batch: BatchResult): void {
    const { rejections: _rejections, after: _after, sentIds: _sentIds, ...counts } = batch;
    this.#log.info({ event: 'batch', ...counts }, 'batch recorded');
  }

  note(message: string, fields: Readonly<Record<string, unknown>> = {}): void {
    this.#log.info({ event: 'note', ...fields }, message);
  }

  finish(summary: RunSummary): void {
    this.#log.info({ event: 'run.end', ...summary }, `run ${summary.status}`);
  }
}

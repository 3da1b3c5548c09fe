import type { ProgressReporter } from '../../src/pipeline/progress-reporter.ts';
import type { LiveWriter } from './live-writer.ts';
import type { LiveCase } from './live-writes.ts';

/**
 * A progress display that shows nothing and lets the vendor application write instead: the run's
 * start (after planning, before the first read) and every recorded batch are the seams where the
 * writer's next burst is queued, every `every`-th event, until the case's bursts are spent. The
 * writes then race the partitions still being read.
 */
export class WritingProgress implements ProgressReporter {
  /** The run's notes (warnings among them), in order. */
  readonly notes: string[] = [];
  readonly #writer: LiveWriter;
  readonly #live: LiveCase;
  #events = 0;
  #next = 0;

  constructor(writer: LiveWriter, live: LiveCase) {
    this.#writer = writer;
    this.#live = live;
  }

  start(): void {
    this.#event();
  }
  batch(): void {
    this.#event();
  }
  note(message: string): void {
    this.notes.push(message);
  }
  finish(): void {}

  #event(): void {
    const burst = this.#live.bursts[this.#next];
    if (burst !== undefined && this.#events++ % this.#live.every === 0) {
      this.#next++;
      this.#writer.burst(burst);
    }
  }
}

import { redact } from '../config/redact-url.ts';
import type { EntityProgressInfo, ProgressReporter } from '../pipeline/progress-reporter.ts';
import type { RunSummary } from '../pipeline/run-summary.ts';
import type { BatchResult } from '../store/run-records.ts';
import { EntityMeter, etaText, settleMeters } from './entity-meter.ts';
import { formatSummary, rejectedHint } from './summary-table.ts';

const WIDTH = 24;

/**
 * Live per-entity bars with rows/s and ETA, redrawn in place on a terminal (`out`, stderr). The
 * last frame shows the exact totals the run recorded; the summary table is a result and goes to
 * `results` (stdout in the CLI).
 */
export class TtyProgress implements ProgressReporter {
  readonly #out: NodeJS.WriteStream;
  readonly #results: NodeJS.WritableStream;
  readonly #meters = new Map<string, EntityMeter>();
  #drawn = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(out: NodeJS.WriteStream = process.stderr, results: NodeJS.WritableStream = out) {
    this.#out = out;
    this.#results = results;
  }

  start(runId: string, entities: readonly EntityProgressInfo[]): void {
    for (const info of entities) this.#meters.set(info.entity, new EntityMeter(info));
    this.#out.write(`run ${runId}\n`);
    this.#timer = setInterval(() => this.#draw(), 200);
    this.#timer.unref();
  }

  batch(batch: BatchResult): void {
    this.#meters
      .get(batch.entity)
      ?.add(batch.rowsRead, batch.created + batch.updated + batch.unchanged, batch.rejected);
  }

  note(message: string): void {
    this.#clear();
    this.#out.write(`${redact(message)}\n`);
    this.#draw();
  }

  finish(summary: RunSummary): void {
    clearInterval(this.#timer);
    settleMeters(this.#meters, summary.entities, summary.status === 'succeeded');
    this.#draw();
    this.#results.write(`${this.#results === this.#out ? '\n' : ''}${formatSummary(summary)}`);
    this.#out.write(rejectedHint(summary));
  }

  #clear(): void {
    if (this.#drawn > 0) this.#out.write(`\x1b[${this.#drawn}A\x1b[0J`);
    this.#drawn = 0;
  }

  #draw(): void {
    this.#clear();
    const name = Math.max(...[...this.#meters.keys()].map((k) => k.length), 6);
    const lines = [...this.#meters.values()].map((m) => {
      const fraction = m.fraction();
      const filled = fraction === null ? 0 : Math.round(fraction * WIDTH);
      const bar =
        fraction === null ? '·'.repeat(WIDTH) : `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
      const total = m.total() ?? '?';
      const rate = `${Math.round(m.rate())} rows/s`;
      return `${m.info.entity.padEnd(name)} ${bar} ${`${m.read}/${total}`.padStart(15)} ${rate.padStart(13)}  ${etaText(m)}  rejected ${m.rejected}`;
    });
    this.#out.write(`${lines.join('\n')}\n`);
    this.#drawn = lines.length;
  }
}

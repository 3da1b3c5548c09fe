import { redact } from '../config/redact-url.ts';
import type { EntityProgressInfo, ProgressReporter } from '../pipeline/progress-reporter.ts';
import type { RunSummary } from '../pipeline/run-summary.ts';
import type { BatchResult } from '../store/run-records.ts';
import { EntityMeter, etaText, settleMeters } from './entity-meter.ts';
import { formatSummary, rejectedHint } from './summary-table.ts';

/**
 * Plain progress for logs and pipes: one line per active entity every `intervalMs` on `out`
 * (stderr), a last line per entity with the exact totals the run recorded, and the summary table,
 * a result, on `results` (stdout in the CLI).
 */
export class LineProgress implements ProgressReporter {
  readonly #out: NodeJS.WritableStream;
  readonly #results: NodeJS.WritableStream;
  readonly #intervalMs: number;
  readonly #meters = new Map<string, EntityMeter>();
  readonly #changed = new Set<string>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    out: NodeJS.WritableStream = process.stderr,
    intervalMs = 5000,
    results: NodeJS.WritableStream = out,
  ) {
    this.#out = out;
    this.#intervalMs = intervalMs;
    this.#results = results;
  }

  start(runId: string, entities: readonly EntityProgressInfo[]): void {
    for (const info of entities) this.#meters.set(info.entity, new EntityMeter(info));
    this.#out.write(`run ${runId}: ${entities.length} entities\n`);
    this.#timer = setInterval(() => this.#flush(), this.#intervalMs);
    this.#timer.unref();
  }

  batch(batch: BatchResult): void {
    this.#meters
      .get(batch.entity)
      ?.add(batch.rowsRead, batch.created + batch.updated + batch.unchanged, batch.rejected);
    this.#changed.add(batch.entity);
  }

  note(message: string): void {
    this.#out.write(`${redact(message)}\n`);
  }

  finish(summary: RunSummary): void {
    clearInterval(this.#timer);
    settleMeters(this.#meters, summary.entities, summary.status === 'succeeded');
    for (const entity of this.#meters.keys()) this.#changed.add(entity);
    this.#flush();
    this.#results.write(formatSummary(summary));
    this.#out.write(rejectedHint(summary));
  }

  #flush(): void {
    for (const entity of this.#changed) {
      const meter = this.#meters.get(entity);
      if (meter === undefined) continue;
      const total = meter.total() ?? '?';
      this.#out.write(
        `${entity}: ${meter.read}/${total} rows, ${Math.round(meter.rate())} rows/s, ${etaText(meter)}, rejected ${meter.rejected}\n`,
      );
    }
    this.#changed.clear();
  }
}

import type { EntityProgressInfo } from '../pipeline/progress-reporter.ts';

/** Rows read per entity, with a rate over a sliding window and an ETA. */
export class EntityMeter {
  readonly info: EntityProgressInfo;
  read: number;
  loaded = 0;
  rejected = 0;
  /** Set by `settle`: the run ended; whether this entity was read whole. */
  #ended: { readonly complete: boolean } | undefined;
  readonly #samples: { at: number; read: number }[] = [];

  constructor(info: EntityProgressInfo) {
    this.info = info;
    this.read = info.alreadyRead;
  }

  add(rows: number, loaded: number, rejected: number, now = Date.now()): void {
    this.read += rows;
    this.loaded += loaded;
    this.rejected += rejected;
    this.#samples.push({ at: now, read: this.read });
    while (this.#samples.length > 2 && now - (this.#samples[0]?.at ?? now) > 10_000) this.#samples.shift();
  }

  /**
   * The run ended: `read` becomes the exact count the run recorded, and the meter stops
   * estimating. A `complete` entity (the run succeeded) shows its real total instead of the
   * planner's estimate; no meter shows an ETA any more.
   */
  settle(read: number, complete: boolean): void {
    this.read = read;
    this.#ended = { complete };
  }

  /** The run ended (`settle`), and whether the entity was read whole. */
  get ended(): { readonly complete: boolean } | undefined {
    return this.#ended;
  }

  /** The total to show after the slash: the real one once complete, else the estimate (null: unknown). */
  total(): number | null {
    return this.#ended?.complete === true ? this.read : this.info.estimatedRows;
  }

  /** Rows per second over the last ten seconds or so. */
  rate(now = Date.now()): number {
    const first = this.#samples[0];
    if (first === undefined || this.#samples.length < 2) return 0;
    const seconds = (now - first.at) / 1000;
    return seconds <= 0 ? 0 : (this.read - first.read) / seconds;
  }

  /** Seconds left, or null when unknown. */
  eta(now = Date.now()): number | null {
    if (this.#ended !== undefined) return null;
    const total = this.info.estimatedRows;
    const rate = this.rate(now);
    if (total === null || rate <= 0) return null;
    return Math.max(0, (total - this.read) / rate);
  }

  /** 0..1 of the estimate (capped), or null. */
  fraction(): number | null {
    if (this.#ended?.complete === true) return 1;
    const total = this.info.estimatedRows;
    if (total === null || total <= 0) return null;
    return Math.min(1, this.read / total);
  }
}

/** What follows "eta" while running, or what replaces it once the run ended. */
export function etaText(meter: EntityMeter): string {
  const ended = meter.ended;
  if (ended === undefined) return `eta ${formatDuration(meter.eta())}`;
  return ended.complete ? 'done' : 'stopped';
}

/** Settles every meter with the run's recorded totals (`RunSummary.entities`). */
export function settleMeters(
  meters: ReadonlyMap<string, EntityMeter>,
  entities: readonly { readonly entity: string; readonly read: number }[],
  succeeded: boolean,
): void {
  const read = new Map(entities.map((e) => [e.entity, e.read]));
  for (const [entity, meter] of meters) meter.settle(read.get(entity) ?? meter.read, succeeded);
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  const mm = String(Math.floor(s / 60) % 60).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm}:${ss}` : `${mm}:${ss}`;
}

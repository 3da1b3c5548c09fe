import type { TimelinePoint } from '../store/batch-timeline.ts';

/** A run's throughput for a chart: rows read per second, per entity and in all, over time. */
export interface ThroughputSeries {
  /** Width of one point, in seconds (1 for short runs, wider so a long run keeps `MAX_POINTS`). */
  readonly bucketSeconds: number;
  /** Start of each point, ISO-8601 UTC. */
  readonly times: readonly string[];
  readonly total: readonly number[];
  readonly entities: Readonly<Record<string, readonly number[]>>;
}

/** Points a chart gets at most, whatever the run's length. */
export const MAX_POINTS = 120;

/** Buckets the per-second timeline into at most `MAX_POINTS` points of rows per second. */
export function throughputSeries(timeline: readonly TimelinePoint[]): ThroughputSeries {
  if (timeline.length === 0) return { bucketSeconds: 1, times: [], total: [], entities: {} };
  const at = (p: TimelinePoint) => Date.parse(`${p.second}Z`) / 1000;
  const start = Math.min(...timeline.map(at));
  const span = Math.max(...timeline.map(at)) - start + 1;
  const width = Math.max(1, Math.ceil(span / MAX_POINTS));
  const points = Math.ceil(span / width);
  const total = new Array<number>(points).fill(0);
  const entities: Record<string, number[]> = {};
  for (const p of timeline) {
    const i = Math.floor((at(p) - start) / width);
    const series = entities[p.entity] ?? new Array<number>(points).fill(0);
    entities[p.entity] = series;
    series[i] = (series[i] ?? 0) + p.rows / width;
    total[i] = (total[i] ?? 0) + p.rows / width;
  }
  const round = (xs: number[]) => xs.map((x) => Math.round(x * 10) / 10);
  return {
    bucketSeconds: width,
    times: total.map((_, i) => new Date((start + i * width) * 1000).toISOString()),
    total: round(total),
    entities: Object.fromEntries(Object.entries(entities).map(([k, v]) => [k, round(v)])),
  };
}

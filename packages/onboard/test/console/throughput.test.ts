import { describe, expect, it } from 'vitest';
import { MAX_POINTS, throughputSeries } from '../../src/console/throughput.ts';
import type { TimelinePoint } from '../../src/store/batch-timeline.ts';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds)).toISOString().slice(0, 19);

describe('throughput series', () => {
  it('a short run: one point per second, per entity and in all, gaps as zero', () => {
    const points: TimelinePoint[] = [
      { entity: 'customers', second: at(0), rows: 100, rejected: 1 },
      { entity: 'invoices', second: at(0), rows: 50, rejected: 0 },
      { entity: 'customers', second: at(2), rows: 30, rejected: 0 },
    ];
    expect(throughputSeries(points)).toEqual({
      bucketSeconds: 1,
      times: ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z', '2026-01-01T00:00:02.000Z'],
      total: [150, 0, 30],
      entities: { customers: [100, 0, 30], invoices: [50, 0, 0] },
    });
  });

  it('a long run: at most MAX_POINTS points of rows per second, the rows all kept', () => {
    const points: TimelinePoint[] = Array.from({ length: 1000 }, (_, i) => ({
      entity: 'lines',
      second: at(i * 3),
      rows: 90,
      rejected: 0,
    }));
    const series = throughputSeries(points);
    expect(series.total.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(series.bucketSeconds).toBe(Math.ceil(2998 / MAX_POINTS));
    const rows = series.total.reduce((n, x) => n + x * series.bucketSeconds, 0);
    expect(Math.round(rows)).toBe(90_000);
  });

  it('no batch yet: an empty series', () => {
    expect(throughputSeries([])).toEqual({ bucketSeconds: 1, times: [], total: [], entities: {} });
  });
});

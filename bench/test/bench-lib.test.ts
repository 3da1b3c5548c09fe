import { afterEach, describe, expect, it } from 'vitest';
import {
  benchRows,
  formatBytes,
  formatNumber,
  formatRate,
  formatRatio,
  formatSeconds,
  markdownTable,
  peakRssOfPid,
  rssOfPid,
  sampleRss,
  startTimer,
} from '../lib/index.ts';

describe('markdownTable', () => {
  it('pads columns, right-aligns numbers and escapes pipes and newlines', () => {
    const table = markdownTable(
      ['name', 'rows'],
      [
        ['a|b', 5],
        ['two\nlines', 12345],
      ],
    );
    expect(table.split('\n')).toEqual([
      '| name      |  rows |',
      '| --------- | ----: |',
      '| a\\|b      |     5 |',
      '| two lines | 12345 |',
    ]);
  });

  it('follows explicit alignment', () => {
    expect(markdownTable(['x', 'y'], [['1', '2']], ['center', 'right']).split('\n')[1]).toBe('| :-: | --: |');
  });
});

describe('formatting', () => {
  it('prints figures the same way everywhere', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(2.345, 2)).toBe('2.35');
    expect(formatRate(12345.6)).toBe('12,346 rows/s');
    expect(formatRate(3, 'requests')).toBe('3 requests/s');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
    expect(formatSeconds(1.234)).toBe('1.23 s');
    expect(formatSeconds(125)).toBe('2 min 5 s');
    expect(formatRatio(1, 4)).toBe('0.25×');
    expect(formatRatio(1, 0)).toBe('n/a');
  });
});

describe('benchRows', () => {
  const saved = { quick: process.env['BENCH_QUICK'], rows: process.env['BENCH_ROWS'] };
  afterEach(() => {
    for (const [key, value] of [
      ['BENCH_QUICK', saved.quick],
      ['BENCH_ROWS', saved.rows],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('picks BENCH_ROWS, else the quick size under BENCH_QUICK=1, else the full size', () => {
    delete process.env['BENCH_ROWS'];
    delete process.env['BENCH_QUICK'];
    expect(benchRows(1000, 10)).toBe(1000);
    process.env['BENCH_QUICK'] = '1';
    expect(benchRows(1000, 10)).toBe(10);
    process.env['BENCH_ROWS'] = '77';
    expect(benchRows(1000, 10)).toBe(77);
    process.env['BENCH_ROWS'] = 'lots';
    expect(benchRows(1000, 10)).toBe(10);
  });
});

/**
 * Counts the samples of a sampler set up just before: an interval of the same period, set up after
 * its, runs right after each of its ticks (timers of one period run in the order they were set).
 */
function samplesOf(intervalMs: number) {
  let ticks = 0;
  let waiting: { until: number; resolve: () => void } | undefined;
  const timer = setInterval(() => {
    ticks++;
    if (waiting !== undefined && ticks >= waiting.until) waiting.resolve();
  }, intervalMs);
  return {
    next: (n: number) => new Promise<void>((resolve) => (waiting = { until: ticks + n, resolve })),
    stop: () => clearInterval(timer),
  };
}

describe('measuring', () => {
  it('sampleRss sees memory this process takes while it samples', async () => {
    const sampler = sampleRss({ intervalMs: 5 });
    const ballast = Buffer.alloc(64 * 1024 * 1024, 1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const report = sampler.stop();
    expect(ballast.length).toBeGreaterThan(0);
    expect(report.peakBytes - report.startBytes).toBeGreaterThan(32 * 1024 * 1024);
    expect(report.samples).toBeGreaterThan(1);
  });

  it('sampleRss gives the peak of each quarter: memory taken half-way shows in the later quarters', async () => {
    const sampler = sampleRss({ intervalMs: 5 });
    // As many samples before the allocation as after it, however late a loaded machine runs timers.
    const samples = samplesOf(5);
    await samples.next(12);
    // Larger than anything an earlier test took, which may still be resident.
    const ballast = Buffer.alloc(192 * 1024 * 1024, 1);
    await samples.next(12);
    samples.stop();
    const report = sampler.stop();
    expect(ballast.length).toBeGreaterThan(0);
    expect(report.quarterPeaks).toHaveLength(4);
    const [first, , , last] = report.quarterPeaks as [number, number, number, number];
    expect(last - first).toBeGreaterThan(96 * 1024 * 1024);
    expect(Math.max(...report.quarterPeaks)).toBe(report.peakBytes);
  });

  it('reads a live process from /proc and gives 0 for one that does not exist', () => {
    expect(rssOfPid(process.pid)).toBeGreaterThan(10 * 1024 * 1024);
    // Current RSS first: the high-water mark read after it can only be as large or larger.
    const current = rssOfPid(process.pid);
    expect(peakRssOfPid(process.pid)).toBeGreaterThanOrEqual(current);
    expect(rssOfPid(2 ** 30)).toBe(0);
  });

  it('startTimer gives a rate over the elapsed time', async () => {
    const timer = startTimer();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const rate = timer.stop(100);
    expect(rate.seconds).toBeGreaterThanOrEqual(0.045);
    expect(rate.perSecond).toBeCloseTo(100 / rate.seconds, 6);
  });
});

import { describe, expect, it } from 'vitest';
import { runDuration } from '../../src/pipeline/run-duration.ts';
import type { RunSummary } from '../../src/pipeline/run-summary.ts';
import { formatSummary } from '../../src/progress/summary-table.ts';

const summary = (duration: Pick<RunSummary, 'durationMs' | 'resumeMs'>): RunSummary => ({
  runId: 'r1',
  status: 'succeeded',
  dryRun: false,
  entities: [],
  reconciliation: [],
  failed: [],
  ...duration,
});

const title = (text: string) => text.split('\n')[0];

describe("a run's duration at its end", () => {
  const now = Date.parse('2026-12-04T03:00:41.200Z');

  it('a first execution: the run took what the execution took', () => {
    const duration = runDuration({ startedAt: null }, 800, now);
    expect(duration).toEqual({ durationMs: 800 });
    expect(title(formatSummary(summary(duration)))).toBe('run r1: succeeded in 0.8s');
  });

  it('a resume: the time since the run first started, and the resume’s own time', () => {
    const duration = runDuration({ startedAt: '2026-12-04T03:00:00.000Z' }, 800, now);
    expect(duration).toEqual({ durationMs: 41_200, resumeMs: 800 });
    expect(title(formatSummary(summary(duration)))).toBe(
      'run r1: succeeded in 41.2s since it first started (this resume 0.8s)',
    );
  });

  it('a clock set back since the first start never makes the run shorter than the resume', () => {
    const duration = runDuration({ startedAt: '2026-12-04T03:00:41.000Z' }, 800, now);
    expect(duration).toEqual({ durationMs: 800, resumeMs: 800 });
  });
});

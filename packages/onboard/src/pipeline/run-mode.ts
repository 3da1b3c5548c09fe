import type { RunRecord } from '../store/run-records.ts';

/** How a run reads and writes: `dry-run` writes nothing; `mirror` also deletes what vanished. */
export type RunMode = 'full' | 'incremental' | 'mirror' | 'dry-run';

/** The mode a run was started in, from what the store keeps of it. */
export function runMode(run: Pick<RunRecord, 'dryRun' | 'options'>): RunMode {
  if (run.dryRun) return 'dry-run';
  if (run.options['mirror'] === true) return 'mirror';
  if (run.options['incremental'] === true) return 'incremental';
  return 'full';
}

import type { ProgressReporter } from '../pipeline/progress-reporter.ts';
import { JsonProgress } from './json-progress.ts';
import { LineProgress } from './line-progress.ts';
import { TtyProgress } from './tty-progress.ts';

/** JSON lines with `--json`; live bars on a terminal; plain periodic lines otherwise. */
export function chooseProgress(json: boolean): ProgressReporter {
  if (json) return new JsonProgress();
  if (process.stderr.isTTY) return new TtyProgress(process.stderr);
  return new LineProgress(process.stderr);
}

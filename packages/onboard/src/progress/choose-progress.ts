import type { ProgressReporter } from '../pipeline/progress-reporter.ts';
import { JsonProgress } from './json-progress.ts';
import { LineProgress } from './line-progress.ts';
import { TtyProgress } from './tty-progress.ts';

/**
 * JSON lines with `--json` (stdout); otherwise live bars on a terminal or plain periodic lines,
 * both on stderr, with the summary table, the result, on stdout.
 */
export function chooseProgress(json: boolean): ProgressReporter {
  if (json) return new JsonProgress();
  if (process.stderr.isTTY) return new TtyProgress(process.stderr, process.stdout);
  return new LineProgress(process.stderr, 5000, process.stdout);
}

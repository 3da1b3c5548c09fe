import type { ErrorKind } from './onboard-error.ts';

/**
 * The exit codes of every `onboard` command (docs/running.md has the same table). A script can
 * tell "fix your setup" (3) from "try again later / resume" (4) from "it ran, but look at the
 * result" (5).
 */
export const EXIT_CODES = {
  /** Done; for `run`/`resume`, the run succeeded and every entity reconciled within limits. */
  ok: 0,
  /** A defect of onboard itself (an `internal` error). */
  internal: 1,
  /** The command line is wrong (`usage`). */
  usage: 2,
  /** The setup or the source is wrong (`config`, `source`): nothing was started or the run cannot go on. */
  config: 3,
  /** The run failed (`core-rejected`, `transient`, or a task failed): fix the cause, then `onboard resume`. */
  runFailed: 4,
  /** The run finished, but a reconciliation did not match or rejected rows exceeded `--max-rejects`. */
  incomplete: 5,
  /** Stopped by SIGINT or SIGTERM; resumable. */
  interrupted: 130,
} as const;

/** The exit code of a command that ended with an error of this kind. */
export function exitCodeOf(kind: ErrorKind): number {
  switch (kind) {
    case 'usage':
      return EXIT_CODES.usage;
    case 'config':
    case 'source':
      return EXIT_CODES.config;
    case 'core-rejected':
    case 'transient':
      return EXIT_CODES.runFailed;
    case 'internal':
      return EXIT_CODES.internal;
  }
}

import { EXIT_CODES } from '../errors/exit-codes.ts';
import { runFailure } from './interrupt.ts';
import { exceedsRejectLimit, type RejectLimit } from './reject-limit.ts';
import type { RunSummary } from './run-summary.ts';

/**
 * The message and exit code of a run that must not exit 0, or undefined when it may: a failed (4)
 * or stopped (130) run, and a run that succeeded but whose reconciliation did not match or could
 * not be checked, or whose rejected rows exceed `maxRejects` (5).
 */
export function runOutcome(
  summary: RunSummary,
  maxRejects: RejectLimit | undefined,
): { message: string; exitCode: number } | undefined {
  const failure = runFailure(summary);
  if (failure !== undefined) return failure;
  const problems: string[] = [];
  const mismatched = summary.reconciliation.filter((r) => r.status === 'mismatch').map((r) => r.entity);
  if (mismatched.length > 0)
    problems.push(
      `reconciliation mismatch for ${mismatched.join(', ')} (core does not hold exactly what the source gave)`,
    );
  const unchecked = summary.reconciliation.filter((r) => r.status === 'unavailable').map((r) => r.entity);
  if (unchecked.length > 0)
    problems.push(`reconciliation unavailable for ${unchecked.join(', ')} (core gave no stats)`);
  if (maxRejects !== undefined) {
    const rejected = summary.entities.reduce((n, e) => n + e.rejected, 0);
    const read = summary.entities.reduce((n, e) => n + e.read, 0);
    const over = exceedsRejectLimit(maxRejects, rejected, read);
    if (over !== undefined) problems.push(over);
  }
  if (problems.length === 0) return undefined;
  return {
    message: `run ${summary.runId} finished, but ${problems.join('; ')}; see \`onboard report ${summary.runId}\``,
    exitCode: EXIT_CODES.incomplete,
  };
}

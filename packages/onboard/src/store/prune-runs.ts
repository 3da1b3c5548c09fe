import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Kysely, sql } from 'kysely';
import { RunLocks } from './run-locks.ts';
import type { StoreDatabase } from './store-schema.ts';

/** The tables a run's rows live in, children first: the order they are deleted in. */
export const PRUNE_TABLES = [
  'onboard_merges',
  'onboard_run_starts',
  'onboard_deletions',
  'onboard_seen_ids',
  'onboard_mirror_gaps',
  'onboard_rejections',
  'onboard_batches',
  'onboard_tasks',
  'onboard_run_locks',
  'onboard_runs',
] as const;

/** One of the tables `pruneRuns` deletes from. */
export type PruneTable = (typeof PRUNE_TABLES)[number];

/** Rows per table. */
export type PruneCounts = Record<PruneTable, number>;

/** Run statuses that are final: `planned` and `running` (which after a crash means interrupted) are not. */
const ENDED_STATUSES = ['succeeded', 'failed', 'cancelled'] as const;

/** The key columns (after `run_id`) of each child table, to delete a chunk of rows at a time. */
const CHILD_KEYS: ReadonlyArray<readonly [PruneTable, readonly string[]]> = [
  ['onboard_merges', ['entity', 'external_id']],
  ['onboard_run_starts', ['process']],
  ['onboard_deletions', ['entity', 'external_id']],
  ['onboard_seen_ids', ['entity', 'external_id']],
  ['onboard_mirror_gaps', ['entity']],
  ['onboard_rejections', ['task_id', 'seq', 'position']],
  ['onboard_batches', ['task_id', 'seq']],
  ['onboard_tasks', ['task_id']],
];

/** How long the prune's own lease on a run lasts while its rows are deleted. */
const PRUNE_LEASE_MS = 10 * 60_000;

export interface PruneOptions {
  /** Runs that ended strictly before this instant are removed. */
  readonly endedBefore: Date;
  /** Count what would be removed, remove nothing. */
  readonly dryRun?: boolean;
  /** Rows per DELETE statement (default 5000): a huge run never becomes one giant transaction. */
  readonly chunkSize?: number;
}

/** One removed (or, in a dry run, removable) run and its rows per table. */
export interface PrunedRun {
  readonly runId: string;
  readonly status: string;
  readonly finishedAt: string;
  readonly rows: PruneCounts;
}

/** An old ended run that was kept, and why. */
export interface KeptRun {
  readonly runId: string;
  readonly reason: string;
}

/** What `pruneRuns` did (or would do). */
export interface PruneResult {
  readonly endedBefore: string;
  readonly dryRun: boolean;
  readonly runs: readonly PrunedRun[];
  readonly kept: readonly KeptRun[];
  readonly totals: PruneCounts;
}

const zeroCounts = (): PruneCounts =>
  Object.fromEntries(PRUNE_TABLES.map((table) => [table, 0])) as PruneCounts;

/**
 * Removes every row of each run that ended (succeeded, failed or cancelled) before `endedBefore`.
 * Kept: runs still planned or running (an interrupted run stays `running` and is resumable), and runs
 * whose lock is held (unexpired lease). Before deleting, the prune takes the run's lock itself, so a
 * concurrent `onboard resume` of a failed run is refused rather than racing it; it then re-checks the
 * run, deletes the child rows a chunk per statement, and last the lock and run rows in one
 * transaction. Watermarks are never touched: they are keyed per target, source and stream (not per
 * run) and the next incremental run reads them.
 */
export async function pruneRuns(db: Kysely<StoreDatabase>, options: PruneOptions): Promise<PruneResult> {
  const cutoff = options.endedBefore.toISOString();
  const dryRun = options.dryRun === true;
  const chunk = options.chunkSize ?? 5000;
  const candidates = await db
    .selectFrom('onboard_runs')
    .select(['id', 'status', 'finished_at'])
    .where('status', 'in', ENDED_STATUSES)
    .where('finished_at', 'is not', null)
    .where('finished_at', '<', cutoff)
    .orderBy('finished_at')
    .orderBy('id')
    .execute();
  const locks = new RunLocks(db);
  const runs: PrunedRun[] = [];
  const kept: KeptRun[] = [];
  const totals = zeroCounts();
  for (const candidate of candidates) {
    const lock = await locks.get(candidate.id);
    if (lock !== undefined && lock.expiresAt >= new Date().toISOString()) {
      kept.push({ runId: candidate.id, reason: `locked by pid ${lock.pid} on ${lock.host}` });
      continue;
    }
    const rows = dryRun
      ? await countRows(db, candidate.id)
      : await deleteRun(db, locks, candidate.id, cutoff, lock !== undefined, chunk);
    if (typeof rows === 'string') {
      kept.push({ runId: candidate.id, reason: rows });
      continue;
    }
    for (const table of PRUNE_TABLES) totals[table] += rows[table];
    runs.push({
      runId: candidate.id,
      status: candidate.status,
      finishedAt: candidate.finished_at ?? '',
      rows,
    });
  }
  return { endedBefore: cutoff, dryRun, runs, kept, totals };
}

/** How many rows the run has in each table. */
async function countRows(db: Kysely<StoreDatabase>, runId: string): Promise<PruneCounts> {
  const counts = zeroCounts();
  for (const table of PRUNE_TABLES) {
    const column = table === 'onboard_runs' ? 'id' : 'run_id';
    const result = await sql<{
      n: number | string;
    }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} = ${runId}`.execute(db);
    counts[table] = Number(result.rows[0]?.n ?? 0);
  }
  return counts;
}

/** Deletes the run under its own lock; returns the rows deleted, or why the run was kept after all. */
async function deleteRun(
  db: Kysely<StoreDatabase>,
  locks: RunLocks,
  runId: string,
  cutoff: string,
  staleLock: boolean,
  chunk: number,
): Promise<PruneCounts | string> {
  const holder = { id: `prune-${randomUUID()}`, pid: process.pid, host: hostname() };
  const taken = await locks.acquire(runId, holder, PRUNE_LEASE_MS);
  if (!taken.acquired) return `locked by pid ${taken.held.pid} on ${taken.held.host}`;
  const run = await db
    .selectFrom('onboard_runs')
    .select(['status', 'finished_at'])
    .where('id', '=', runId)
    .executeTakeFirst();
  const ended = (ENDED_STATUSES as readonly string[]).includes(run?.status ?? '');
  if (run === undefined || !ended || run.finished_at === null || run.finished_at >= cutoff) {
    await locks.release(runId, holder.id);
    return run === undefined ? 'removed meanwhile' : `no longer ended before the cutoff (${run.status})`;
  }
  const counts = zeroCounts();
  for (const [table, keys] of CHILD_KEYS) {
    const columns = sql.join(keys.map((key) => sql.ref(key)));
    for (;;) {
      const result =
        await sql`delete from ${sql.table(table)} where run_id = ${runId} and (${columns}) in (select ${columns} from ${sql.table(table)} where run_id = ${runId} limit ${chunk})`.execute(
          db,
        );
      const deleted = Number(result.numAffectedRows ?? 0n);
      counts[table] += deleted;
      if (deleted < chunk) break;
    }
  }
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('onboard_run_locks').where('run_id', '=', runId).execute();
    const removed = await trx.deleteFrom('onboard_runs').where('id', '=', runId).executeTakeFirst();
    counts.onboard_runs = Number(removed.numDeletedRows);
  });
  // The lease the prune took is its own: only a stale lease left by the run counts as one of its rows.
  counts.onboard_run_locks = staleLock ? 1 : 0;
  return counts;
}

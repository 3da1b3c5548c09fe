import type { PartitionTask } from '../../planner/partition-task.ts';

/** What a queued job carries: the plain task, its tenant, and its secrets sealed (or none). */
export interface TaskJobData {
  readonly task: PartitionTask;
  readonly tenant: string;
  /** `sealSecrets` output, opened by workers holding `ONBOARD_SECRET_KEY`; null: workers use their env. */
  readonly sealed: string | null;
  /**
   * The source snapshot the coordinator exported for the run and holds open while it follows it
   * (`Connector.snapshots`); absent when the source has none. Workers read under it while it lasts.
   */
  readonly snapshot?: string;
}

/**
 * The job id of a task: the same for every enqueue of the same task, so a coordinator that
 * enqueues twice (after a restart, or after Redis lost its data) never creates a second job.
 */
export function taskJobId(task: Pick<PartitionTask, 'runId' | 'taskId'>): string {
  return `${task.runId}.${task.taskId}`.replace(/:/g, '_');
}

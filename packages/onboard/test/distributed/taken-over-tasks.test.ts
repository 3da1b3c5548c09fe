import { describe, expect, it } from 'vitest';
import { TakenOverTasks } from '../../src/executor/bullmq/taken-over-tasks.ts';

const record = (attempts: number, seq: number | null) => ({
  taskId: 'invoiceLines#0',
  attempts,
  checkpoint: seq === null ? null : { seq, after: null },
});

describe('TakenOverTasks: when a task another delivery runs is given up for lost', () => {
  it('waits while the attempt moves, and gives up only after the patience without a move', () => {
    const tasks = new TakenOverTasks(1000);
    expect(tasks.stuck(record(2, 3), 0)).toBe(false);
    expect(tasks.stuck(record(2, 3), 999)).toBe(false);
    // A batch recorded: the patience starts again.
    expect(tasks.stuck(record(2, 4), 1500)).toBe(false);
    expect(tasks.stuck(record(2, 4), 2400)).toBe(false);
    // A newer attempt (same checkpoint): again.
    expect(tasks.stuck(record(3, 4), 2600)).toBe(false);
    expect(tasks.stuck(record(3, 4), 3600)).toBe(true);
  });

  it('forgets a task that left that state, so its next time starts afresh', () => {
    const tasks = new TakenOverTasks(1000);
    expect(tasks.stuck(record(2, null), 0)).toBe(false);
    tasks.keepOnly(new Set());
    expect(tasks.stuck(record(2, null), 5000)).toBe(false);
    expect(tasks.stuck(record(2, null), 6000)).toBe(true);
  });
});

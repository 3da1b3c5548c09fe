import { describe, expect, it } from 'vitest';
import type { SourceValue } from '../../src/connectors/value.ts';
import { runWatermarks } from '../../src/pipeline/run-watermarks.ts';
import type { PartitionTask } from '../../src/planner/partition-task.ts';
import type { Watermark } from '../../src/store/run-records.ts';
import { cursorTask } from './cursor-task.ts';

/** What the run store holds: the cursor values the run's batches read, and the stored watermark. */
function store(read: SourceValue[], stored?: SourceValue) {
  return {
    cursorValues: async () => new Map([['cust', read]]),
    getWatermark: async (): Promise<Watermark | undefined> =>
      stored === undefined
        ? undefined
        : {
            target: 't',
            sourceName: 'shop',
            stream: 'cust',
            cursorColumn: 'changed_at',
            value: stored,
            runId: 'r0',
          },
  };
}

const marks = async (read: SourceValue[], tasks: PartitionTask[], stored?: SourceValue) =>
  (await runWatermarks(store(read, stored), 'r1', 't', 'shop', tasks)).map((mark) => mark.value);

/**
 * A live source: partition 0 was read, then a row of it changed (cursor 8), then partition 1 read
 * a row changed later still (cursor 9). Moved to 9, the watermark would hide the change at 8 from
 * every incremental run; the largest value before the run read anything (5) hides nothing.
 */
describe('the watermark a run leaves', () => {
  it('moves no further than the largest cursor value the source held when the run was planned', async () => {
    expect(await marks(['3', '9'], [cursorTask(0, '5'), cursorTask(1, '5')])).toEqual(['5']);
  });

  it('moves to the largest value read when that is below the ceiling (a row deleted meanwhile)', async () => {
    expect(await marks(['3', '4'], [cursorTask(0, '5'), cursorTask(1, '5')])).toEqual(['4']);
  });

  it('stays where it was when the stream held nothing at planning time', async () => {
    expect(await marks(['9'], [cursorTask(0, null)], '2')).toEqual(['2']);
    expect(await marks(['9'], [cursorTask(0, null)])).toEqual([]);
  });

  it('never moves backwards', async () => {
    expect(await marks(['9'], [cursorTask(0, '5')], '7')).toEqual(['7']);
  });

  it('is the largest value read for tasks planned without a ceiling (an older onboard)', async () => {
    expect(await marks(['3', '9'], [cursorTask(0), cursorTask(1)])).toEqual(['9']);
  });
});

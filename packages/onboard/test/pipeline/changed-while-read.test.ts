import { describe, expect, it } from 'vitest';
import type { SourceValue } from '../../src/connectors/value.ts';
import { changedWhileRead, changedWhileReadNote } from '../../src/pipeline/changed-while-read.ts';
import { cursorTask } from './cursor-task.ts';

const store = (read: SourceValue[]) => ({ cursorValues: async () => new Map([['cust', read]]) });

/** A run says when its source changed while it read it, rather than leaving it unsaid. */
describe('a source changed while a run read it', () => {
  it('is seen when the run read a cursor value past the one planned', async () => {
    expect(await changedWhileRead(store(['3', '9']), 'r1', [cursorTask(0, '5'), cursorTask(1, '5')])).toEqual(
      ['customers'],
    );
    expect(await changedWhileRead(store(['3']), 'r1', [cursorTask(0, null)])).toEqual(['customers']);
  });

  it('is not seen when every value read was there when the run was planned, or without a ceiling', async () => {
    expect(await changedWhileRead(store(['3', '5']), 'r1', [cursorTask(0, '5')])).toEqual([]);
    expect(await changedWhileRead(store(['3', '9']), 'r1', [cursorTask(0)])).toEqual([]);
  });

  it('says what the next runs do about it', () => {
    expect(changedWhileReadNote(['customers'])).toMatch(
      /customers.*the next incremental run reads every row changed since the run was planned.*--mirror/,
    );
  });
});

import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openRunStore } from '../../src/store/open-run-store.ts';
import type { RunStore } from '../../src/store/run-store.ts';
import { createCustomerRun, customerBatch } from '../support/store-fixtures.ts';

/** A batch of `sent` ids with one rejected row (id `rejected`, or unknown when null). */
const batch = (
  runId: string,
  seq: number,
  sent: readonly string[],
  rejected: string | null,
  taskId = 'customer#0',
) => customerBatch(runId, taskId, seq, sent, rejected);

describeEachDialect(
  'RunStore seen ids of mirror runs',
  (target) => {
    const database = useTestDatabase(target, 'seen');
    let store: RunStore;

    const createRun = (id: string, options: Record<string, unknown>) => createCustomerRun(store, id, options);

    beforeAll(async () => {
      store = await openRunStore(database().url);
      await createRun('run-mirror', { concurrency: 2, mirror: true });
      await createRun('run-plain', { concurrency: 2 });
      await createRun('run-gap', { concurrency: 2, mirror: true });
    });
    afterAll(async () => {
      await store?.close();
    });

    it('stores the sent and rejected ids of a mirror run once, however often a batch is replayed', async () => {
      await store.recordBatch(batch('run-mirror', 0, ['a', 'b'], 'r0'));
      await store.recordBatch(batch('run-mirror', 0, ['a', 'b'], 'r0'));
      await store.recordBatch(batch('run-mirror', 1, ['b', 'c'], 'x'.repeat(300)));
      await store.recordBatch(batch('run-mirror', 0, ['d'], 'r1', 'customer#1'));
      // A store opened anew (as a resuming process or a worker would) knows the run is a mirror run.
      const other = await openRunStore(database().url);
      try {
        await other.recordBatch(batch('run-mirror', 1, ['e'], 'r1', 'customer#1'));
      } finally {
        await other.close();
      }
      expect(await store.mirror.seenIdCounts('run-mirror')).toEqual(new Map([['customer', 7]]));
      const many = Array.from({ length: 2500 }, (_, i) => `n${i}`);
      const seen = await store.mirror.seenAmong('run-mirror', 'customer', [
        ...many,
        'a',
        'c',
        'e',
        'r0',
        'r1',
        'zz',
      ]);
      expect([...seen].sort()).toEqual(['a', 'c', 'e', 'r0', 'r1']);
      expect((await store.mirror.seenAmong('run-mirror', 'account', ['a'])).size).toBe(0);
      expect(await store.mirror.gaps('run-mirror')).toEqual(new Map());
      const [totals] = await store.entityTotals('run-mirror');
      expect(totals?.read).toBe(3 + 3 + 2 + 2);
    });

    it('stores no ids for a run that is not a mirror run', async () => {
      await store.recordBatch(batch('run-plain', 0, ['a', 'b'], 'r0'));
      await store.recordBatch(batch('run-plain', 1, ['c'], null));
      expect(await store.mirror.seenIdCounts('run-plain')).toEqual(new Map());
      expect((await store.mirror.seenAmong('run-plain', 'customer', ['a', 'r0'])).size).toBe(0);
      expect(await store.mirror.gaps('run-plain')).toEqual(new Map());
    });

    it('marks an entity whose rejected row had no external id, once', async () => {
      await store.recordBatch(batch('run-gap', 0, ['a'], null));
      await store.recordBatch(batch('run-gap', 0, ['a'], null));
      await store.recordBatch(batch('run-gap', 1, ['b'], null));
      expect(await store.mirror.gaps('run-gap')).toEqual(
        new Map([['customer', 'a rejected row had no external id']]),
      );
      expect(await store.mirror.seenIdCounts('run-gap')).toEqual(new Map([['customer', 2]]));
    });
  },
  ['postgres', 'sqlite'],
);

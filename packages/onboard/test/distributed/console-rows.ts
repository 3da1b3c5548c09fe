import { runDetail } from '../../src/console/run-live.ts';
import { openRunStore } from '../../src/store/open-run-store.ts';

/**
 * Per entity, the rows read that the console's run view shows for run `runId` of the store at
 * `storeUrl`; throws unless the view has every task done.
 */
export async function consoleRows(storeUrl: string, runId: string): Promise<Record<string, number>> {
  const store = await openRunStore(storeUrl);
  try {
    const detail = await runDetail(store, runId);
    if (detail === undefined) throw new Error(`the console knows no run ${runId}`);
    const { done = 0, ...others } = detail.tasks;
    if (Object.values(others).some((n) => n > 0))
      throw new Error(`the console shows tasks not done: ${JSON.stringify(detail.tasks)}`);
    if (done === 0) throw new Error('the console shows no task done');
    return Object.fromEntries(detail.entities.map((e) => [e.entity, e.read]));
  } finally {
    await store.close();
  }
}

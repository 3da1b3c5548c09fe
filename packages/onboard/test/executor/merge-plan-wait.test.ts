import type { ImportBatchRequest, SchemaDocument } from '@madeup/contract';
import { describe, expect, it } from 'vitest';
import { InProcessRunExecutor } from '../../src/executor/in-process-run-executor.ts';
import { runPartitionTask } from '../../src/executor/run-partition-task.ts';
import { staticTaskResources } from '../../src/executor/static-task-resources.ts';
import { Loader } from '../../src/loader/loader.ts';
import type { MappingView } from '../../src/planner/mapping-view.ts';
import { planRun } from '../../src/planner/plan-run.ts';
import { type MergeMember, MergePlanPendingError } from '../../src/store/merge-store.ts';
import { ArrayConnector } from './array-connector.ts';
import { executorEnvironment } from './executor-environment.ts';

// Accounts (phase 0) merge nothing; people (phase 1) have a merge rule: P2 is merged into P1.
const schema: SchemaDocument = {
  version: 'v1',
  maxBatchRecords: 5,
  maxBatchBytes: 100_000,
  entities: [
    { name: 'accounts', fields: [], references: [] },
    { name: 'people', fields: [], references: [{ name: 'account', target: 'accounts', required: false }] },
  ],
};
const accounts = Array.from({ length: 8 }, (_, i) => ({ id: i + 1 }));
const people = Array.from({ length: 6 }, (_, i) => ({ id: i + 1, account: 1 }));
const mapping: MappingView = {
  source: 'test-src',
  queries: [],
  entities: [
    {
      entity: 'accounts',
      stream: 'accounts',
      references: [],
      transform: (row) => ({ record: { externalId: `A${row['id']}`, fields: {} } }),
    },
    {
      entity: 'people',
      stream: 'people',
      references: [{ name: 'account', target: 'accounts' }],
      merge: { keys: () => [], order: () => null, survivorship: 'latest', rule: 'test' },
      transform: (row) => ({
        record: { externalId: `P${row['id']}`, fields: {}, refs: { account: `A${row['account']}` } },
      }),
    },
  ],
};
const PLAN: MergeMember[] = [
  {
    entity: 'people',
    externalId: 'P1',
    survivorId: 'P1',
    emit: true,
    record: { externalId: 'P1', fields: { merged: true }, refs: { account: 'A1' } },
    rule: 'test',
  },
  { entity: 'people', externalId: 'P2', survivorId: 'P1', emit: false, record: null, rule: 'test' },
];

describe('a run stored before its merge plan', () => {
  const env = executorEnvironment('mergewait', { maxAttempts: 2, budgetMs: 10_000 });
  let runs = 0;

  async function pendingRun() {
    const runId = `wait${runs++}`;
    const connector = new ArrayConnector({ accounts, people });
    const plan = await planRun(schema, mapping, connector, {
      runId,
      mapping: { path: 'm', hash: 'h' },
      coordinates: { source: 'array:', core: env.server.url, store: env.database.url },
      dryRun: false,
      targetPartitionRows: 4,
    });
    await env.store.createRun({
      id: runId,
      sourceName: 'test-src',
      sourceUrl: 'array:',
      coreUrl: env.server.url,
      mappingPath: 'm',
      mappingHash: 'h',
      schemaVersion: 'v1',
      dryRun: false,
      options: {},
      phases: plan.phases.map((p) => p.map((e) => e.entity)),
      mergesPending: true,
    });
    await env.store.addTasks(
      runId,
      plan.tasks.map((t) => ({
        ...t,
        partitionIndex: t.partition.index,
        stream: t.stream.name,
        estimatedRows: null,
        task: t,
      })),
    );
    return { runId, tasks: plan.tasks, connector };
  }

  const sent = (entity: string): string[] =>
    env.server.seen
      .filter((r) => r.url.endsWith(`/${entity}`))
      .flatMap((r) => (JSON.parse(r.body) as ImportBatchRequest).records.map((x) => x.externalId));

  const executor = (connector: ArrayConnector, mergePlanning: Promise<unknown>) =>
    new InProcessRunExecutor({
      connector,
      mapping,
      client: env.client,
      store: env.store,
      concurrency: 2,
      mergePlanning,
    });

  it('is marked pending until its plan is stored, and no task may read the plan before', async () => {
    const { runId, tasks, connector } = await pendingRun();
    expect((await env.store.getRun(runId))?.mergesPending).toBe(true);
    await expect(env.store.merges.plan(runId)).rejects.toThrow(MergePlanPendingError);
    const person = tasks.find((t) => t.entity === 'people');
    if (person === undefined) throw new Error('no people task');
    const resources = staticTaskResources({
      connector,
      mapping,
      loader: new Loader(env.client, 2),
      store: env.store,
    });
    await expect(runPartitionTask(person, resources, new AbortController().signal)).rejects.toThrow(
      MergePlanPendingError,
    );
    expect(sent('people')).toEqual([]);
    await env.store.merges.add(runId, PLAN);
    expect((await env.store.getRun(runId))?.mergesPending).toBe(false);
    expect((await env.store.merges.plan(runId)).map((m) => m.externalId)).toEqual(['P1', 'P2']);
  });

  it('runs the phases before the first task that applies the plan meanwhile, the rest once it is stored', async () => {
    const { runId, tasks, connector } = await pendingRun();
    let store_: () => void = () => {};
    let accountsSentBeforePlan: string[] = [];
    let peopleSentBeforePlan: string[] = [];
    const planning = new Promise<unknown>((resolve) => {
      store_ = () => {
        accountsSentBeforePlan = sent('accounts');
        peopleSentBeforePlan = sent('people');
        void env.store.merges.add(runId, PLAN).then(() => resolve(undefined));
      };
    });
    const execution = executor(connector, planning).execute(tasks, new AbortController().signal);
    // Phase 0 (accounts) runs to its end while the plan is still being made.
    for (let i = 0; i < 200 && sent('accounts').length < accounts.length; i += 1)
      await new Promise((r) => setTimeout(r, 5));
    store_();
    const result = await execution;
    expect(result).toEqual({ done: tasks.length, failed: [], aborted: false });
    expect(accountsSentBeforePlan.sort()).toEqual(accounts.map((a) => `A${a.id}`).sort());
    expect(peopleSentBeforePlan).toEqual([]);
    // The plan is applied: P2 is merged into P1 and not sent.
    expect(sent('people').sort()).toEqual(['P1', 'P3', 'P4', 'P5', 'P6']);
  });

  it('fails the run, naming the merge plan, when the plan cannot be made; no task that applies it runs', async () => {
    const { tasks, connector } = await pendingRun();
    const result = await executor(connector, Promise.resolve(new Error('source gone'))).execute(
      tasks,
      new AbortController().signal,
    );
    expect(result).toEqual({
      done: tasks.filter((t) => t.entity === 'accounts').length,
      failed: [{ taskId: 'merge plan', error: 'source gone' }],
      aborted: false,
    });
    expect(sent('people')).toEqual([]);
  });
});

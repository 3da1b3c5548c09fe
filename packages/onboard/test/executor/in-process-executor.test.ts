import type { ImportBatchRequest, SchemaDocument } from '@madeup/contract';
import { afterEach, describe, expect, it } from 'vitest';
import type { Row } from '../../src/connectors/value.ts';
import { InProcessExecutor } from '../../src/executor/in-process-executor.ts';
import { runPartitionTask } from '../../src/executor/run-partition-task.ts';
import { staticTaskResources } from '../../src/executor/static-task-resources.ts';
import { Loader } from '../../src/loader/loader.ts';
import type { MappingView } from '../../src/planner/mapping-view.ts';
import { planRun } from '../../src/planner/plan-run.ts';
import { ArrayConnector } from './array-connector.ts';
import { executorEnvironment } from './executor-environment.ts';

const schema: SchemaDocument = {
  version: 'v1',
  maxBatchRecords: 7,
  maxBatchBytes: 100_000,
  entities: [
    { name: 'accounts', fields: [], references: [] },
    { name: 'people', fields: [], references: [{ name: 'account', target: 'accounts', required: false }] },
  ],
};

const accounts = Array.from({ length: 12 }, (_, i) => ({ id: i + 1, name: `a${i + 1}` }));
// Every 10th person is filtered out by the mapping, every 9th rejected by it, every 8th by core.
const people = Array.from({ length: 95 }, (_, i) => ({ id: i + 1, account: (i % 12) + 1 }));

const mapping: MappingView = {
  source: 'test-src',
  queries: [],
  entities: [
    {
      entity: 'accounts',
      stream: 'accounts',
      references: [],
      transform: (row) => ({ record: { externalId: `A${row['id']}`, fields: { name: row['name'] } } }),
    },
    {
      entity: 'people',
      stream: 'people',
      references: [{ target: 'accounts' }],
      transform: (row) => {
        const id = Number(row['id']);
        if (id % 10 === 0) return { skipped: 'every tenth' };
        if (id % 9 === 0)
          return {
            errors: [{ field: 'fields.age', code: 'invalid_number', message: `bad age in row ${id}` }],
          };
        return {
          record: {
            externalId: `P${id}`,
            fields: { reject: id % 8 === 0 },
            refs: { account: `A${row['account']}` },
          },
        };
      },
    },
  ],
};

describe('in-process executor', () => {
  const env = executorEnvironment('executor', { maxAttempts: 3 });
  let runCount = 0;

  afterEach(() => {
    runCount += 1;
  });

  async function plan(runId: string) {
    const connector = new ArrayConnector({ accounts, people });
    const runPlan = await planRun(schema, mapping, connector, {
      runId,
      mapping: { path: 'm', hash: 'h' },
      coordinates: { source: 'array:', core: env.server.url, store: env.database.url },
      dryRun: false,
      targetPartitionRows: 30,
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
      phases: runPlan.phases.map((p) => p.map((e) => e.entity)),
    });
    await env.store.addTasks(
      runId,
      runPlan.tasks.map((t) => ({
        ...t,
        partitionIndex: t.partition.index,
        stream: t.stream.name,
        estimatedRows: null,
        task: t,
      })),
    );
    const resources = staticTaskResources({
      connector,
      mapping,
      loader: new Loader(env.client, 3),
      store: env.store,
    });
    return { tasks: runPlan.tasks, resources, connector };
  }

  function sentRecords(): { entity: string; ids: string[] }[] {
    return env.server.seen.map((r) => ({
      entity: r.url.split('/').pop() ?? '',
      ids: (JSON.parse(r.body) as ImportBatchRequest).records.map((x) => x.externalId),
    }));
  }

  it('loads every partition, parents first, each record once, in batches within the limits', async () => {
    const runId = `run${runCount}`;
    const { tasks, resources } = await plan(runId);
    const result = await new InProcessExecutor(resources, 3).execute(tasks, new AbortController().signal);
    expect(result).toEqual({ done: 5, failed: [], aborted: false });
    const sent = sentRecords();
    const lastAccount = sent.findLastIndex((s) => s.entity === 'accounts');
    const firstPerson = sent.findIndex((s) => s.entity === 'people');
    expect(lastAccount).toBeLessThan(firstPerson);
    for (const s of sent) expect(s.ids.length).toBeLessThanOrEqual(7);
    const personIds = sent.filter((s) => s.entity === 'people').flatMap((s) => s.ids);
    const expected = people.map((p) => p.id).filter((id) => id % 10 !== 0 && id % 9 !== 0);
    expect(personIds.sort()).toEqual(expected.map((id) => `P${id}`).sort());

    const totals = Object.fromEntries((await env.store.entityTotals(runId)).map((t) => [t.entity, t]));
    expect(totals['accounts']).toMatchObject({
      read: 12,
      created: 12,
      rejected: 0,
      skipped: 0,
      checksumCount: 12,
    });
    const coreRejected = expected.filter((id) => id % 8 === 0).length;
    const mapRejected = people.filter((p) => p.id % 9 === 0 && p.id % 10 !== 0).length;
    expect(totals['people']).toMatchObject({
      read: 95,
      skipped: 9,
      created: expected.length - coreRejected,
      rejected: coreRejected + mapRejected,
    });
    const rejections = await env.store.rejections(runId);
    expect(rejections).toHaveLength(coreRejected + mapRejected);
    const p8 = rejections.find((r) => r.externalId === 'P8');
    expect(p8).toMatchObject({
      stage: 'core',
      row: { id: 8, account: 8 },
      errors: [{ code: 'invalid_format' }],
    });
    const p9 = rejections.find((r) => r.stage === 'transform' && (r.row as { id: number }).id === 9);
    expect(p9?.errors[0]?.message).toBe('bad age in row 9');
    expect((await env.store.listTasks(runId)).every((t) => t.status === 'done')).toBe(true);
  });

  it('fails a task when core stays down, and a rerun continues from its checkpoint with exact counts', async () => {
    const runId = `run${runCount}`;
    const { tasks, resources, connector } = await plan(runId);
    const task = tasks.find((t) => t.entity === 'people' && t.partition.index === 1);
    if (task === undefined) throw new Error('no people#1');
    // Let two batches through, then fail every attempt of the third.
    env.server.decide = (_request, index) => (index >= 2 ? { status: 503 } : undefined);
    const serial = { ...task, inFlight: 1 };
    await expect(runPartitionTask(serial, resources, new AbortController().signal)).rejects.toThrow(
      'unavailable',
    );
    env.server.decide = undefined;
    const after = (await env.store.listTasks(runId)).find((t) => t.taskId === task.taskId);
    expect(after).toMatchObject({ status: 'failed', checkpoint: { seq: 1 } });
    const servedBefore = connector.rowsServed;
    await runPartitionTask(serial, resources, new AbortController().signal);
    const people1 = (await env.store.entityTotals(runId)).find((t) => t.entity === 'people');
    expect(people1?.read).toBe(30);
    expect(connector.rowsServed - servedBefore).toBe(30 - 14);
    const final = (await env.store.listTasks(runId)).find((t) => t.taskId === task.taskId);
    expect(final).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('records a defect in a task as an internal error, redacted, and does not call it a data problem', async () => {
    const runId = `run${runCount}`;
    const { tasks, resources, connector } = await plan(runId);
    const task = tasks.find((t) => t.entity === 'accounts');
    if (task === undefined) throw new Error('no accounts task');
    connector.read = async function* () {
      yield (undefined as unknown as { rows: Row[] }).rows;
    };
    await expect(runPartitionTask(task, resources, new AbortController().signal)).rejects.toThrow(TypeError);
    const failed = (await env.store.listTasks(runId)).find((t) => t.taskId === task.taskId);
    expect(failed?.status).toBe('failed');
    expect(failed?.error).toMatch(
      /^internal error \(a defect of onboard\): TypeError: Cannot read properties of undefined/,
    );
  });

  it('stops at an abort and leaves the unfinished tasks resumable', async () => {
    const runId = `run${runCount}`;
    const { tasks, resources } = await plan(runId);
    const controller = new AbortController();
    env.server.decide = (request) => (request.url.includes('people') ? 'hang' : undefined);
    const running = new InProcessExecutor(resources, 2).execute(tasks, controller.signal);
    setTimeout(() => controller.abort(new Error('stopped')), 100);
    const result = await running;
    expect(result.aborted).toBe(true);
    const states = (await env.store.listTasks(runId)).map((t) => t.status);
    expect(states).not.toContain('failed');
    expect(states.some((s) => s !== 'done')).toBe(true);
  });
});

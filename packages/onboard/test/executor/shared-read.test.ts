import type { ImportBatchRequest, SchemaDocument } from '@madeup/contract';
import { describe, expect, it } from 'vitest';
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
    { name: 'customers', fields: [], references: [] },
    { name: 'invoices', fields: [], references: [{ name: 'customer', target: 'customers', required: true }] },
    { name: 'lines', fields: [], references: [{ name: 'invoice', target: 'invoices', required: true }] },
  ],
};

const customers = Array.from({ length: 5 }, (_, i) => ({ id: i + 1 }));
const orders = Array.from({ length: 40 }, (_, i) => ({ id: i + 1, customer: (i % 5) + 1, qty: (i % 3) + 1 }));

// Lines come first in the mapping: the plan still loads each invoice before its line.
const mapping: MappingView = {
  source: 'shop',
  queries: [],
  entities: [
    {
      entity: 'lines',
      stream: 'orders',
      references: [{ target: 'invoices' }],
      transform: (row) =>
        Number(row['id']) % 13 === 0
          ? { errors: [{ field: 'fields.qty', code: 'invalid_number', message: 'thirteen' }] }
          : {
              record: {
                externalId: `L${row['id']}`,
                fields: { qty: row['qty'] },
                refs: { invoice: `I${row['id']}` },
              },
            },
    },
    {
      entity: 'customers',
      stream: 'customers',
      references: [],
      transform: (row) => ({ record: { externalId: `C${row['id']}`, fields: {} } }),
    },
    {
      entity: 'invoices',
      stream: 'orders',
      references: [{ target: 'customers' }],
      transform: (row) => ({
        record: { externalId: `I${row['id']}`, fields: {}, refs: { customer: `C${row['customer']}` } },
      }),
    },
  ],
};

describe('one read feeding several entities', () => {
  const env = executorEnvironment('shared', { maxAttempts: 2 });
  let runs = 0;

  async function plan() {
    const runId = `shared${runs++}`;
    const connector = new ArrayConnector({ customers, orders });
    const runPlan = await planRun(schema, mapping, connector, {
      runId,
      mapping: { path: 'm', hash: 'h' },
      coordinates: { source: 'array:', core: env.server.url, store: env.database.url },
      dryRun: false,
      targetPartitionRows: 25,
    });
    await env.store.createRun({
      id: runId,
      sourceName: 'shop',
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
    return { runId, plan: runPlan, resources, connector };
  }

  const sent = () =>
    env.server.seen.map((r) => ({
      entity: r.url.split('?')[0]?.split('/').pop() ?? '',
      ids: (JSON.parse(r.body) as ImportBatchRequest).records.map((x) => x.externalId),
    }));

  it('plans one task per partition of the stream for all its entities, parents first', async () => {
    const { plan: runPlan } = await plan();
    expect(runPlan.phases.map((phase) => phase.map((e) => e.entity))).toEqual([
      ['customers'],
      ['invoices', 'lines'],
    ]);
    const shared = runPlan.tasks.filter((t) => t.stream.name === 'orders');
    expect(shared.map((t) => [t.taskId, t.entities])).toEqual([
      ['invoices#0', ['invoices', 'lines']],
      ['invoices#1', ['invoices', 'lines']],
    ]);
    expect(runPlan.tasks.find((t) => t.entity === 'customers')?.entities).toBeUndefined();
  });

  it('reads each order once, and loads its invoice before its line', async () => {
    const { runId, plan: runPlan, resources, connector } = await plan();
    const result = await new InProcessExecutor(resources, 2).execute(
      runPlan.tasks,
      new AbortController().signal,
    );
    expect(result).toEqual({ done: 3, failed: [], aborted: false });
    // Once: the connector served each order row one time, and each customer.
    expect(connector.rowsServed).toBe(orders.length + customers.length);
    const batches = sent();
    for (const [i, batch] of batches.entries()) {
      if (batch.entity !== 'lines') continue;
      const invoices = new Set(
        batches
          .slice(0, i)
          .filter((b) => b.entity === 'invoices')
          .flatMap((b) => b.ids),
      );
      for (const id of batch.ids) expect(invoices.has(id.replace('L', 'I')), id).toBe(true);
    }
    const totals = Object.fromEntries((await env.store.entityTotals(runId)).map((t) => [t.entity, t]));
    expect(totals['invoices']).toMatchObject({ read: 40, created: 40, rejected: 0 });
    expect(totals['lines']).toMatchObject({ read: 40, created: 37, rejected: 3 });
    const rejected = (await env.store.rejections(runId)).map((r) => [r.entity, (r.row as { id: number }).id]);
    expect(rejected).toEqual([
      ['lines', 13],
      ['lines', 26],
      ['lines', 39],
    ]);
  });

  it('resumes a task that failed between an invoice batch and its lines: every record counted once', async () => {
    const { runId, plan: runPlan, resources, connector } = await plan();
    const task = runPlan.tasks.find((t) => t.taskId === 'invoices#0');
    if (task === undefined) throw new Error('no invoices#0');
    const serial = { ...task, inFlight: 1 };
    // Chunks of 7 rows: invoices(1-7), lines(1-7), invoices(8-14), then the lines of 8-14 fail.
    env.server.decide = (_request, index) => (index >= 3 ? { status: 503 } : undefined);
    await expect(runPartitionTask(serial, resources, new AbortController().signal)).rejects.toThrow();
    const failed = (await env.store.listTasks(runId)).find((t) => t.taskId === task.taskId);
    // The checkpoint is the invoices of rows 8-14, but still before those rows: their lines are missing.
    expect(failed?.checkpoint).toEqual({ seq: 2, after: [7] });
    env.server.decide = undefined;
    env.server.seen.length = 0;
    const served = connector.rowsServed;
    await runPartitionTask(serial, resources, new AbortController().signal);
    expect(connector.rowsServed - served).toBe(25 - 7);
    // The invoices of 8-14 are not sent again; their lines are.
    expect(sent()[0]).toEqual({ entity: 'lines', ids: ['L8', 'L9', 'L10', 'L11', 'L12', 'L14'] });
    const totals = Object.fromEntries((await env.store.entityTotals(runId)).map((t) => [t.entity, t]));
    expect(totals['invoices']).toMatchObject({ read: 25, created: 25 });
    expect(totals['lines']).toMatchObject({ read: 25, created: 24, rejected: 1 }); // row 13
  });
});

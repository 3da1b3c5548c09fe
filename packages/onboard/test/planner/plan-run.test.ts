import type { EntitySchema, SchemaDocument } from '@madeup/contract';
import { describe, expect, it } from 'vitest';
import type { StreamInfo } from '../../src/connectors/connector.ts';
import { entityPhases } from '../../src/planner/entity-phases.ts';
import type { MappingView } from '../../src/planner/mapping-view.ts';
import { MissingStreamError, partitionTarget, planRun } from '../../src/planner/plan-run.ts';
import { ArrayConnector } from '../executor/array-connector.ts';

function entity(name: string, ...targets: string[]): EntitySchema {
  return {
    name,
    fields: [{ name: 'name', type: 'string', required: false }],
    references: targets.map((target, i) => ({ name: `ref${i}`, target, required: false })),
  };
}

const schema: SchemaDocument = {
  version: 'v1',
  maxBatchRecords: 500,
  maxBatchBytes: 1_000_000,
  entities: [
    entity('invoice_lines', 'invoices', 'products'),
    entity('invoices', 'customers'),
    entity('customers', 'staff'),
    entity('staff', 'staff', 'locations'),
    entity('locations'),
    entity('products'),
    entity('a', 'b'),
    entity('b', 'a', 'locations'),
    entity('c', 'a'),
  ],
};

describe('entityPhases', () => {
  it('puts parents before children and independent entities side by side', () => {
    const phases = entityPhases(schema, [
      'invoice_lines',
      'invoices',
      'customers',
      'staff',
      'locations',
      'products',
    ]);
    expect(phases.map((p) => p.entities)).toEqual([
      ['locations', 'products'],
      ['staff'],
      ['customers'],
      ['invoices'],
      ['invoice_lines'],
    ]);
    expect(phases.map((p) => p.deferred)).toEqual([[], ['staff'], [], [], []]);
  });

  it('puts a reference cycle in one phase with deferred references', () => {
    const phases = entityPhases(schema, ['c', 'a', 'b', 'locations']);
    expect(phases).toEqual([
      { entities: ['locations'], deferred: [] },
      { entities: ['a', 'b'], deferred: ['a', 'b'] },
      { entities: ['c'], deferred: [] },
    ]);
  });

  it('ignores references to entities the mapping does not fill', () => {
    expect(entityPhases(schema, ['invoices', 'invoice_lines'])).toEqual([
      { entities: ['invoices'], deferred: [] },
      { entities: ['invoice_lines'], deferred: [] },
    ]);
  });
});

describe('planRun', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1, name: `n${i + 1}` }));
  const connector = new ArrayConnector({ staff_table: rows(25), shops: rows(3) });
  const mapping: MappingView = {
    source: 'vendor-x',
    queries: [],
    entities: [
      {
        entity: 'staff',
        stream: 'staff_table',
        references: [{ target: 'staff' }, { target: 'locations' }],
        transform: () => ({ skipped: 'x' }),
      },
      { entity: 'locations', stream: 'shops', references: [], transform: () => ({ skipped: 'x' }) },
    ],
  };
  const options = {
    runId: 'r1',
    mapping: { path: 'm.yaml', hash: 'h' },
    coordinates: { source: 'sqlite:/x', core: 'http://core', store: 'sqlite:/s' },
    dryRun: false,
    targetPartitionRows: 10,
  };

  it('plans phases, partitions, estimates and plain-data tasks', async () => {
    const plan = await planRun(schema, mapping, connector, options);
    expect(plan.phases).toEqual([
      [{ entity: 'locations', stream: 'shops', deferUnresolved: false, partitions: 1, estimatedRows: 3 }],
      [{ entity: 'staff', stream: 'staff_table', deferUnresolved: true, partitions: 3, estimatedRows: 25 }],
    ]);
    expect(plan.tasks.map((t) => [t.taskId, t.phase, t.deferUnresolved])).toEqual([
      ['locations#0', 0, false],
      ['staff#0', 1, true],
      ['staff#1', 1, true],
      ['staff#2', 1, true],
    ]);
    const task = plan.tasks[1];
    expect(JSON.parse(JSON.stringify(task))).toEqual(task);
    expect(task).toMatchObject({
      maxBatchRecords: 500,
      maxBatchBytes: 1_000_000,
      readBatchSize: 500,
      sourceName: 'vendor-x',
    });
  });

  it('splits a big enough stream into at least minPartitions, never below 1,000 rows each', () => {
    const stream = {
      name: 's',
      kind: 'table' as const,
      columns: [],
      primaryKey: ['id'],
      cursorCandidates: [],
      estimatedRows: 40_000,
    };
    expect(partitionTarget(stream, { targetPartitionRows: 50_000, minPartitions: 8 })).toBe(5000);
    expect(partitionTarget(stream, { targetPartitionRows: 3000, minPartitions: 8 })).toBe(3000);
    expect(partitionTarget({ ...stream, estimatedRows: 2000 }, { minPartitions: 8 })).toBe(1000);
    const { estimatedRows: _unknown, ...unestimated } = stream;
    expect(partitionTarget(unestimated, { minPartitions: 8 })).toBe(50_000);
  });

  it('never batches above core’s limit', async () => {
    const plan = await planRun(schema, mapping, connector, { ...options, maxBatchRecords: 5000 });
    expect(plan.tasks[0]?.maxBatchRecords).toBe(500);
  });

  it('names a mapped stream the source lacks', async () => {
    const broken: MappingView = { ...mapping, entities: [{ ...mapping.entities[1]!, stream: 'nope' }] };
    await expect(planRun(schema, broken, connector, options)).rejects.toThrow(MissingStreamError);
    await expect(planRun(schema, broken, connector, options)).rejects.toThrow('"nope"');
  });

  it('plans from a discovery it is given without discovering again, as from its own', async () => {
    let discovered = 0;
    const counting = new (class extends ArrayConnector {
      override async discover() {
        discovered += 1;
        return super.discover();
      }
    })({ staff_table: rows(25), shops: rows(3) });
    const streams = await connector.discover();
    const given = await planRun(schema, mapping, counting, { ...options, streams });
    expect(discovered).toBe(0);
    const own = await planRun(schema, mapping, counting, options);
    expect(discovered).toBe(1);
    expect(given).toEqual(own);
    // A stream the given discovery lacks is missing, even when the source has it now.
    await expect(
      planRun(schema, mapping, counting, { ...options, streams: streams.filter((s) => s.name !== 'shops') }),
    ).rejects.toThrow(MissingStreamError);
  });

  it('gives the open-ended last partition what the stream estimate leaves, so tasks add up to it', async () => {
    // As the SQL connectors' key walk does: every partition but the last has its exact size.
    const walked = new (class extends ArrayConnector {
      override async partition(stream: StreamInfo, targetRows: number) {
        const partitions = await super.partition(stream, targetRows);
        return partitions.map((p, i) => {
          if (i < partitions.length - 1) return p;
          const { estimatedRows: _open, ...last } = p;
          return last;
        });
      }
    })({ staff_table: rows(25), shops: rows(3) });
    const plan = await planRun(schema, mapping, walked, options);
    const staff = plan.tasks.filter((t) => t.entity === 'staff').map((t) => t.estimatedRows);
    // 25 rows in partitions of 10: 10 + 10 + 5 (was 10 + 10 + 25 / 3 = 29 in all).
    expect(staff).toEqual([10, 10, 5]);
    expect(plan.phases[1]?.[0]?.estimatedRows).toBe(25);
  });
});

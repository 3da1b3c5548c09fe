import { describe, expect, it } from 'vitest';
import type { StreamInfo } from '../../src/connectors/connector.ts';
import type { Row } from '../../src/connectors/value.ts';
import { planMerges } from '../../src/pipeline/find-duplicates.ts';
import type { MappedEntity, MergeView } from '../../src/planner/mapping-view.ts';
import type { PartitionTask } from '../../src/planner/partition-task.ts';
import { ArrayConnector } from '../executor/array-connector.ts';

/** Clients: 1, 5 and 9 share an e-mail (9 the latest), 2 and 7 a phone; 3 has neither. */
const ROWS: Row[] = [
  { id: 1, email: 'a@x', phone: '1', at: '2024-01-01' },
  { id: 2, email: 'b@x', phone: '2', at: '2024-01-02' },
  { id: 3, email: null, phone: null, at: '2024-01-03' },
  { id: 5, email: 'A@X ', phone: null, at: '2024-01-05' },
  { id: 7, email: 'c@x', phone: '2', at: '2024-01-07' },
  { id: 9, email: 'a@x', phone: '9', at: '2024-01-09' },
];

const merge: MergeView = {
  keys: (row) =>
    [
      typeof row['email'] === 'string' ? `e${row['email'].trim().toLowerCase()}` : '',
      row['phone'] ? `p${row['phone']}` : '',
    ].filter(Boolean),
  order: (row) => row['at'] ?? null,
  survivorship: 'latest',
  rule: 'email or phone',
};
const entity = (name: string): MappedEntity => ({
  entity: name,
  stream: 'client',
  references: [],
  merge,
  transform: (row) => ({
    record: { externalId: String(row['id']), fields: { phone: row['phone'] ?? null } },
  }),
});

function withoutMerge({ merge: _merge, ...rest }: MappedEntity): MappedEntity {
  return rest;
}

describe('planMerges', () => {
  const connector = new ArrayConnector({ client: ROWS });
  const plan = async (tasks: Partial<PartitionTask>, entities = [entity('customers')]) => {
    const stream = (await connector.discover())[0] as StreamInfo;
    const task = { entity: 'customers', stream, ...tasks } as PartitionTask;
    const members = await planMerges({ connector, mapping: { source: 's', entities, queries: [] } }, [task]);
    return members.map((m) => [
      m.entity,
      m.externalId,
      m.survivorId,
      m.emit,
      m.record?.fields['phone'] ?? '-',
    ]);
  };

  it('groups over the whole stream, keeps the smallest id and sends the latest values from it', async () => {
    expect(await plan({})).toEqual([
      ['customers', '9', '1', false, '-'],
      ['customers', '5', '1', false, '-'],
      ['customers', '1', '1', true, '9'],
      ['customers', '7', '2', false, '-'],
      ['customers', '2', '2', true, '2'],
    ]);
  });

  it('in an incremental run, a changed member sends the record; an unchanged group sends nothing', async () => {
    const incremental = await plan({ cursor: { column: 'at', value: '2024-01-06' } });
    // 9 changed (survivor 1 did not): 9's row sends group 1; 7 changed: it sends group 2.
    expect(incremental.filter((m) => m[3] === true)).toEqual([
      ['customers', '9', '1', true, '9'],
      ['customers', '7', '2', true, '2'],
    ]);
    expect(incremental.map((m) => m[1])).toEqual(['9', '5', '1', '7', '2']);
    const nothing = await plan({ cursor: { column: 'at', value: '2024-02-01' } });
    expect(nothing.filter((m) => m[3] === true)).toEqual([]);
  });

  it('in an incremental run, a member whose cursor is null counts as changed, as the read reads it', async () => {
    const rows = ROWS.map((row) => (row['id'] === 5 ? { ...row, at: null } : row));
    const stream = (await connector.discover())[0] as StreamInfo;
    const task = {
      entity: 'customers',
      stream,
      cursor: { column: 'at', value: '2024-02-01' },
    } as PartitionTask;
    const members = await planMerges(
      {
        connector: new ArrayConnector({ client: rows }),
        mapping: { source: 's', entities: [entity('customers')], queries: [] },
      },
      [task],
    );
    // Only 5 is read (its cursor is null): it sends its group, 1's, with the latest values (9's).
    expect(
      members.filter((m) => m.emit).map((m) => [m.externalId, m.survivorId, m.record?.fields['phone']]),
    ).toEqual([['5', '1', '9']]);
  });

  it('finds an entity that shares its stream with another one (the task is led by the first)', async () => {
    const members = await plan({ entities: ['accounts', 'customers'], entity: 'accounts' }, [
      withoutMerge(entity('accounts')),
      entity('customers'),
    ]);
    expect(members.map((m) => m[0])).toEqual([
      'customers',
      'customers',
      'customers',
      'customers',
      'customers',
    ]);
  });

  it('transforms only the candidates, and a candidate the transform rejects is in no group', async () => {
    // 4 shares an e-mail with 1 and a phone with 6, but its row is rejected: 1 and 6 are no group.
    // 8 shares the e-mail with 1 and transforms: 1 and 8 are one.
    const rows: Row[] = [
      { id: 1, email: 'a@x', phone: '1', at: '2024-01-01' },
      { id: 4, email: 'a@x', phone: '2', at: '2024-01-04', bad: true },
      { id: 6, email: 'z@x', phone: '2', at: '2024-01-06' },
      { id: 7, email: 'q@x', phone: '7', at: '2024-01-07' },
      { id: 8, email: 'A@x', phone: '8', at: '2024-01-08' },
    ];
    const transformed: unknown[] = [];
    const checked: MappedEntity = {
      ...entity('customers'),
      transform: (row) => {
        transformed.push(row['id']);
        return row['bad']
          ? { error: { field: 'email', code: 'invalid', message: 'bad row' }, errors: [] }
          : { record: { externalId: String(row['id']), fields: { phone: row['phone'] ?? null } } };
      },
      externalIdOf: (row) => String(row['id']),
    };
    const source = new ArrayConnector({ client: rows });
    const stream = (await source.discover())[0] as StreamInfo;
    const task = { entity: 'customers', stream } as PartitionTask;
    const members = await planMerges(
      { connector: source, mapping: { source: 's', entities: [checked], queries: [] } },
      [task],
    );
    expect(members.map((m) => [m.externalId, m.survivorId, m.emit])).toEqual([
      ['8', '1', false],
      ['1', '1', true],
    ]);
    // Only the candidates of the first read (1, 4, 6, 8), once each, in the second.
    expect(transformed).toEqual([1, 4, 6, 8]);
  });
});

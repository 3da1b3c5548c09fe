import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector, StreamInfo } from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import { cursorFilter, loadRowJoins } from '../../src/executor/row-joins.ts';
import { joinStreams, MAX_JOIN_ROWS } from '../../src/planner/join-limit.ts';

describe('joins of files: lookups from another file', () => {
  let dir: string;
  let connector: Connector;
  let streams: StreamInfo[];
  const stream = (name: string) => streams.find((s) => s.name === name) as StreamInfo;
  const chain = [
    { alias: 'address', stream: 'address', on: ['address_id'], key: ['address_id'] },
    { alias: 'city', stream: 'city', on: ['address.city_id'], key: ['city_id'] },
  ];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-joins-'));
    await writeFile(
      join(dir, 'customer.csv'),
      'customer_id,name,address_id\n1,Ada,10\n2,Ben,11\n3,Cy,\n4,Di,99\n',
    );
    await writeFile(
      join(dir, 'address.csv'),
      'address_id,street,city_id\n10,High Street,5\n11,Mill Lane,6\n',
    );
    await writeFile(join(dir, 'city.csv'), 'city_id,name\n5,Northfield\n6,Southford\n');
    await writeFile(join(dir, 'twice.csv'), 'city_id,name\n5,Northfield\n5,Elsewhere\n');
    connector = openConnector({ url: `file:${dir}` });
    streams = await connector.discover();
  });
  afterAll(async () => {
    await connector?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('adds each joined row as alias.column, following earlier joins; no match gives nulls', async () => {
    const joinRow = await loadRowJoins(connector, 'customers', chain, [stream('address'), stream('city')], {
      batchSize: 100,
    });
    const rows = [];
    for await (const batch of connector.read(
      stream('customer'),
      { stream: 'customer', index: 0, key: [], lower: null, upper: null },
      { batchSize: 100 },
    ))
      rows.push(...batch.map(joinRow));
    expect(rows.map((r) => [r['name'], r['address.street'], r['city.name']])).toEqual([
      ['Ada', 'High Street', 'Northfield'],
      ['Ben', 'Mill Lane', 'Southford'],
      ['Cy', null, null], // no address: like a left join
      ['Di', null, null], // an address that does not exist
    ]);
  });

  it('refuses a key on more than one row, and a joined stream above the limit, with what to do', async () => {
    const twice = [{ alias: 'city', stream: 'twice', on: ['city_id'], key: ['city_id'] }];
    await expect(
      loadRowJoins(connector, 'customers', twice, [stream('twice')], { batchSize: 100 }),
    ).rejects.toThrow(
      /joins "twice" \(as city\) on city_id, but city_id = 5 is on more than one row; a join follows a key to one row/,
    );
    await expect(
      loadRowJoins(connector, 'customers', chain, [stream('address'), stream('city')], {
        batchSize: 1,
        maxRows: 1,
      }),
    ).rejects.toThrow(/joins "address" \(as address\), which has more than 1 rows: .* custom query/);
  });

  it('refuses at plan time a joined stream whose estimate is above MAX_JOIN_ROWS', () => {
    const big = new Map([['city', { ...stream('city'), estimatedRows: MAX_JOIN_ROWS + 1 }]]);
    expect(() => joinStreams('customers', [{ alias: 'city', stream: 'city' }], big)).toThrow(
      /entity customers joins "city" \(as city\), which has about 100,001 rows: a join keeps its stream in memory, up to 100,000 rows/,
    );
  });
});

describe('a cursor over several columns', () => {
  it('keeps rows where any column is past the watermark or every one is null, and gives each row the largest', () => {
    const past = cursorFilter('max(a, j.b)', ['a', 'j.b'], '2024-05-01T00:00:00.000000Z');
    expect(past({ a: '2024-04-01T00:00:00.000000Z', 'j.b': '2024-04-02T00:00:00.000000Z' })).toBeUndefined();
    expect(past({ a: '2024-04-01T00:00:00.000000Z', 'j.b': '2024-06-02T00:00:00.000000Z' })).toEqual({
      a: '2024-04-01T00:00:00.000000Z',
      'j.b': '2024-06-02T00:00:00.000000Z',
      'max(a, j.b)': '2024-06-02T00:00:00.000000Z',
    });
    // A column null, the other not past: the row has a value, and is not read again.
    expect(past({ a: null, 'j.b': '2024-04-02T00:00:00.000000Z' })).toBeUndefined();
    // Every column null: past no watermark, so every incremental run reads the row.
    expect(past({ a: null, 'j.b': null })).toEqual({ a: null, 'j.b': null, 'max(a, j.b)': null });
    // Without a watermark (a first or full run) every row is kept.
    expect(cursorFilter('max(a, j.b)', ['a', 'j.b'], undefined)({ a: null, 'j.b': null })).toEqual({
      a: null,
      'j.b': null,
      'max(a, j.b)': null,
    });
  });
});

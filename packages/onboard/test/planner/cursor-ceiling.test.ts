import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector, StreamInfo } from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import { cursorCeiling } from '../../src/planner/cursor-ceiling.ts';
import type { MappedEntity } from '../../src/planner/mapping-view.ts';

let dir: string;
let connector: Connector;
let streams: Map<string, StreamInfo>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onboard-ceiling-'));
  const path = join(dir, 'shop.sqlite');
  const db = new Database(path);
  db.exec(`CREATE TABLE addr (addr_id INTEGER PRIMARY KEY, updated_at INTEGER);
    CREATE TABLE cust (cust_id INTEGER PRIMARY KEY, addr_id INTEGER, updated_at INTEGER);
    INSERT INTO addr VALUES (1, 70), (2, 90);
    INSERT INTO cust VALUES (1, 1, 80), (2, 2, 50);`);
  db.close();
  connector = openConnector({ url: `sqlite:${path}` });
  streams = new Map((await connector.discover()).map((stream) => [stream.name, stream]));
});
afterAll(async () => {
  await connector?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The customers entity, with the cursor given. */
function customers(cursor: Pick<MappedEntity, 'cursor' | 'cursorColumns'>): MappedEntity {
  return {
    entity: 'customers',
    stream: 'cust',
    references: [],
    joins: [{ alias: 'address', stream: 'addr', on: ['addr_id'], key: ['addr_id'] }],
    transform: () => {
      throw new Error('not transformed');
    },
    ...cursor,
  };
}

/** The largest value of an entity's cursor before a run reads: what caps the run's watermark. */
describe('the cursor ceiling of an entity', () => {
  const cust = () => streams.get('cust') as StreamInfo;

  it('is its column’s largest value', async () => {
    expect(await cursorCeiling(connector, cust(), customers({ cursor: 'updated_at' }), streams)).toBe(80);
  });

  it('is the largest of its columns, a joined stream’s too, for a cursor over several', async () => {
    const mapped = customers({
      cursor: 'max(updated_at, address.updated_at)',
      cursorColumns: ['updated_at', 'address.updated_at'],
    });
    expect(await cursorCeiling(connector, cust(), mapped, streams)).toBe(90);
  });

  it('is undefined without a cursor', async () => {
    expect(await cursorCeiling(connector, cust(), customers({}), streams)).toBeUndefined();
  });
});

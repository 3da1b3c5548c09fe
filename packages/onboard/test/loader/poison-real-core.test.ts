import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordView } from '@madeup/contract';
import { type RunningCore, startCore } from '@madeup/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreClient } from '../../src/loader/core-client.ts';
import { type LoadBatch, Loader } from '../../src/loader/loader.ts';
import { batchEnvelope } from '../../src/loader/record-batcher.ts';
import { RequestBody } from '../../src/loader/request-body.ts';

const customer = (id: string, note = '') =>
  JSON.stringify({
    externalId: id,
    fields: { firstName: 'Ada', lastName: `Lovelace${note}`, email: `${id}@example.com` },
  });

/**
 * A core whose request limit (64 KiB) is smaller than one record: the whole batch gets 413, as
 * when core's limits were lowered after a run was planned, or a proxy in front of it has a lower
 * one. No core bug is needed for a batch core refuses whole.
 */
describe('a batch core refuses whole because of one record, against a real core', () => {
  let dir: string;
  let core: RunningCore;
  let token: string;
  let client: CoreClient;

  const batch = (seq: number, records: string[], ids: string[]): LoadBatch => ({
    runId: 'r-poison',
    taskId: 'customers#0',
    seq,
    entity: 'customers',
    dryRun: false,
    body: RequestBody.of(batchEnvelope('poison', false), records),
    externalIds: ids,
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-poison-'));
    core = await startCore({
      dataDir: dir,
      maxBatchBytes: 64 * 1024,
      logLevel: 'error',
      logDestination: { write: () => {} },
    });
    token = (await core.createTenant(`poison-${process.pid}`)).token;
    client = new CoreClient({
      url: core.url,
      token,
      retry: { budgetMs: 10_000, baseDelayMs: 5, maxDelayMs: 50 },
    });
  });
  afterAll(async () => {
    await client?.close();
    await core?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads every other record and rejects the one that is too large, with core’s reason', async () => {
    const ids = Array.from({ length: 9 }, (_, i) => `c${i}`);
    const records = ids.map((id) => customer(id));
    records[5] = customer('c5', 'x'.repeat(70 * 1024));
    const results = await new Loader(client, 2).load(batch(0, records, ids));
    expect(results.map((r) => r.outcome)).toEqual([
      'created',
      'created',
      'created',
      'created',
      'created',
      'rejected',
      'created',
      'created',
      'created',
    ]);
    expect(results[5]?.externalId).toBe('c5');
    expect(results[5]?.errors?.[0]?.code).toBe('payload_too_large');
    const stored = await fetch(`${core.url}/v1/records/customers/poison/c6`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await stored.json()) as RecordView).externalId).toBe('c6');
    const absent = await fetch(`${core.url}/v1/records/customers/poison/c5`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(absent.status).toBe(404);
  });

  it('keeps the id it sent for a record core rejects because it cannot read that id', async () => {
    const ids = ['n0', 'bad\u0000id', 'n2'];
    const results = await new Loader(client, 1).load(
      batch(
        1,
        ids.map((id) => customer(id)),
        ids,
      ),
    );
    expect(results.map((r) => [r.externalId, r.outcome])).toEqual([
      ['n0', 'created'],
      ['bad\u0000id', 'rejected'],
      ['n2', 'created'],
    ]);
  });
});

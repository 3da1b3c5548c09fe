import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordView, SourceStats } from '@madeup/contract';
import { type RunningCore, startCore } from '@madeup/core';
import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type GenerateSummary, generateVendorX, touchVendorX, VENDOR_X_MAPPING } from '../index.ts';
import { onboard, runEnd } from './onboard-cli.ts';
import { openQueryTarget } from './query-target.ts';

const ROWS = 3000;
const SEED = 11;

interface Totals {
  readonly entity: string;
  readonly read: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly skipped: number;
  readonly rejected: number;
}
interface Summary {
  readonly runId: string;
  readonly status: string;
  readonly entities: readonly Totals[];
  readonly reconciliation: readonly { readonly entity: string; readonly status: string }[];
  readonly merges?: readonly {
    readonly entity: string;
    readonly mergedAway: number;
    readonly groups: readonly { readonly survivor: string; readonly mergedAway: readonly string[] }[];
  }[];
}
type Client = { id: number; email: string | null; phone: string; modified: string };

describeEachDialect('vendor-x duplicate clients, end to end', (target) => {
  const database = useTestDatabase(target, 'vxmerge');
  let dir: string;
  let core: RunningCore;
  let token: string;
  let generated: GenerateSummary;
  /** What the source says: survivor (smallest client_id) -> merged-away ids, by normalised e-mail. */
  let expected: { survivor: string; mergedAway: string[] }[];
  let survivorOf: Map<string, string>;
  let first: Summary;

  const store = () => join(dir, 'runs.sqlite');
  const run = async (...extra: string[]) =>
    runEnd<Summary>(
      await onboard(
        [
          'run',
          '--json',
          '--mapping',
          VENDOR_X_MAPPING,
          '--source',
          database().url,
          '--core',
          core.url,
          '--store',
          store(),
          '--partition-rows',
          '60',
          ...extra,
        ],
        token,
      ),
    );
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(new URL(path, core.url), { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return (await response.json()) as T;
  };
  const record = async (entity: string, id: string): Promise<RecordView | undefined> => {
    const response = await fetch(new URL(`/v1/records/${entity}/vendor-x/${id}`, core.url), {
      headers: { authorization: `Bearer ${token}` },
    });
    return response.status === 404 ? undefined : ((await response.json()) as RecordView);
  };
  const clients = async (): Promise<Client[]> => {
    const db = await openQueryTarget(database().url);
    try {
      const rows = await db.all('SELECT client_id, email, phone, last_modified FROM client');
      return rows.map((r) => ({
        id: Number(r['client_id']),
        email: (r['email'] as string | null) ?? null,
        phone: String(r['phone']),
        modified: String(
          r['last_modified'] instanceof Date ? r['last_modified'].toISOString() : r['last_modified'],
        ),
      }));
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vx-merge-'));
    core = await startCore({
      dataDir: join(dir, 'core'),
      logLevel: 'error',
      logDestination: { write: () => {} },
    });
    token = (await core.createTenant(`vxmerge-${target.name}-${process.pid}`)).token;
    generated = await generateVendorX({ target: database().url, rows: ROWS, seed: SEED });
    const byEmail = new Map<string, number[]>();
    for (const c of await clients()) {
      const key = c.email?.trim().toLowerCase();
      if (key) byEmail.set(key, [...(byEmail.get(key) ?? []), c.id]);
    }
    expected = [...byEmail.values()]
      .filter((ids) => ids.length > 1)
      .map((ids) => ids.sort((a, b) => a - b))
      .map(([survivor, ...away]) => ({ survivor: String(survivor), mergedAway: away.map(String) }))
      .sort((a, b) => Number(a.survivor) - Number(b.survivor));
    survivorOf = new Map(expected.flatMap((g) => g.mergedAway.map((id) => [id, g.survivor] as const)));
  }, 120_000);
  afterAll(async () => {
    await core?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('imports each duplicated client as one customer, lists the merges and reconciles exactly', async () => {
    expect(generated.dirt.duplicateClients).toBeGreaterThan(2);
    expect(expected.reduce((n, g) => n + g.mergedAway.length, 0)).toBe(generated.dirt.duplicateClients);
    first = await run();
    expect(first.status).toBe('succeeded');
    const customers = first.entities.find((e) => e.entity === 'customers')!;
    const away = generated.dirt.duplicateClients;
    // Every row is accounted for: merged-away rows are skipped, never sent, never "missing".
    expect(customers.read).toBe(generated.tables.client);
    expect(customers.skipped).toBe(away);
    expect(customers.created + customers.rejected).toBe(generated.tables.client - away);
    expect(first.merges).toEqual([
      expect.objectContaining({ entity: 'customers', mergedAway: away, groups: expected }),
    ]);
    for (const r of first.reconciliation) expect([r.entity, r.status]).toEqual([r.entity, 'match']);
    const stats = await get<SourceStats>('/v1/stats?source=vendor-x');
    expect(stats.entities.find((e) => e.entity === 'customers')?.count).toBe(customers.created);
    for (const id of survivorOf.keys()) expect(await record('customers', id)).toBeUndefined();
  }, 120_000);

  it('points the invoices and payments of a merged-away client to its survivor', async () => {
    const db = await openQueryTarget(database().url);
    const invoices = await db.all('SELECT inv_id, client_id FROM inv_hdr');
    const payments = await db.all('SELECT pmt_id, client_id FROM pmt');
    await db.close();
    let checked = 0;
    for (const [entity, rows, key] of [
      ['invoices', invoices, 'inv_id'],
      ['payments', payments, 'pmt_id'],
    ] as const) {
      for (const row of rows) {
        const survivor = survivorOf.get(String(row['client_id']));
        if (survivor === undefined || (await record('customers', survivor)) === undefined) continue;
        const loaded = await record(entity, String(row[key]));
        if (loaded === undefined) continue; // rejected for a reason of its own
        expect([entity, row[key], loaded.refs['customer']]).toEqual([entity, row[key], survivor]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  }, 120_000);

  it('merges the same way again: an unchanged rerun writes nothing, `onboard report` lists the merges', async () => {
    const again = await run();
    for (const e of again.entities) expect([e.entity, e.created, e.updated]).toEqual([e.entity, 0, 0]);
    expect(again.merges).toEqual(first.merges);
    const report = await onboard(['report', again.runId, '--store', store()], token);
    const group = expected[0]!;
    expect(report).toContain(
      `merged: customers: ${generated.dirt.duplicateClients} duplicate rows into ${expected.length} records`,
    );
    expect(report).toContain(`merged: customers ${group.survivor} <- ${group.mergedAway.join(', ')}`);
  }, 120_000);

  it('an incremental run after changes re-sends the merged customer with the latest values', async () => {
    const before = await run('--incremental');
    expect(before.entities.reduce((n, e) => n + e.read, 0)).toBe(0);
    await touchVendorX({ target: database().url, rows: ROWS, seed: SEED, count: generated.tables.client });
    const after = await run('--incremental');
    expect(after.status).toBe('succeeded');
    const customers = after.entities.find((e) => e.entity === 'customers')!;
    expect(customers.skipped).toBe(generated.dirt.duplicateClients);
    // Every client changed at the same instant: the latest member is the one with the larger id.
    const phones = new Map((await clients()).map((c) => [String(c.id), c]));
    for (const group of expected) {
      const loaded = await record('customers', group.survivor);
      if (loaded === undefined) continue; // a duplicated malformed e-mail: rejected once, as one customer
      const members = [group.survivor, ...group.mergedAway].map((id) => phones.get(id)!);
      const latest = members.sort((a, b) => b.modified.localeCompare(a.modified) || b.id - a.id)[0]!;
      expect([group.survivor, loaded.fields['phone']]).toEqual([group.survivor, latest.phone]);
    }
    expect(after.merges?.[0]?.groups).toEqual(expected);
  }, 120_000);
});

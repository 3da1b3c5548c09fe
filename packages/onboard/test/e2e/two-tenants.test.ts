import { join } from 'node:path';
import type { ImportBatchResponse } from '@madeup/contract';
import {
  createTestDatabase,
  describeWithServer,
  loadChinook,
  POSTGRES,
  type TestDatabase,
} from '@madeup/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunSummary } from '../../src/pipeline/run-summary.ts';
import { runImport } from '../pipeline/pipeline-support.ts';
import {
  CHINOOK_MAPPING,
  coreCounts,
  coreExternalIds,
  coreGet,
  coreRecord,
  sourceTables,
  useE2eCore,
} from './e2e-support.ts';

const SOURCE = 'chinook';

describeWithServer('one source onboarded into two tenants at once', POSTGRES, () => {
  const fixture = useE2eCore();
  let database: TestDatabase;
  let customerIds: string[];
  const tenants: { id: string; token: string; summary: RunSummary }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('sqlite', 'chinook_two');
    await loadChinook(database);
    const rows = (await sourceTables(database.url, ['Customer'])).get('Customer')!;
    customerIds = rows.map((row) => String(row['customerid']));
    const a = await fixture().tenant('postgres');
    const b = await fixture().tenant('sqlite');
    const run = (token: string) =>
      runImport({
        mappingPath: CHINOOK_MAPPING,
        sourceUrl: database.url,
        coreUrl: fixture().core.url,
        token,
        // One run store shared by both runs, as on an onboarding team's machine.
        storeUrl: join(fixture().dir, 'runs.sqlite'),
        dryRun: false,
        concurrency: 2,
        partitionRows: 1000,
      });
    const [first, second] = await Promise.all([run(a.token), run(b.token)]);
    tenants.push({ ...a, summary: first }, { ...b, summary: second });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('creates every record in each tenant: neither run saw the other’s records', () => {
    const [a, b] = tenants;
    expect(a!.summary.runId).not.toBe(b!.summary.runId);
    for (const { summary } of tenants) {
      expect(summary.status).toBe('succeeded');
      expect(summary.entities.every((t) => t.updated === 0 && t.unchanged === 0 && t.rejected === 0)).toBe(
        true,
      );
      expect(summary.entities.find((t) => t.entity === 'customers')?.created).toBe(customerIds.length);
    }
    expect(a!.summary.entities.map((t) => [t.entity, t.created, t.checksum])).toEqual(
      b!.summary.entities.map((t) => [t.entity, t.created, t.checksum]),
    );
  });

  it('gives each tenant counts and checksums equal to its own run’s', async () => {
    for (const { token, summary } of tenants) {
      const counts = await coreCounts(fixture().core, token, SOURCE);
      expect(summary.reconciliation.every((r) => r.status === 'match')).toBe(true);
      for (const t of summary.entities)
        expect(counts[t.entity]).toEqual({ count: t.created, checksum: t.checksum });
    }
  });

  it('keeps a record written to one tenant out of the other, whose token cannot read it either', async () => {
    const [a, b] = tenants as [(typeof tenants)[0], (typeof tenants)[0]];
    // A copy of customer 1 under a new external id, written with B's token only.
    const model = await coreRecord(fixture().core, b.token, 'customers', SOURCE, customerIds[0]!);
    const response = await fetch(`${fixture().core.url}/v1/import/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        source: SOURCE,
        records: [
          {
            externalId: 'only-in-b',
            fields: { ...model!.fields, email: 'only-in-b@example.com' },
            refs: model!.refs,
          },
        ],
      }),
    });
    const body = (await response.json()) as ImportBatchResponse;
    expect(body.results).toMatchObject([{ outcome: 'created' }]);

    expect(await coreRecord(fixture().core, b.token, 'customers', SOURCE, 'only-in-b')).not.toBeNull();
    expect(await coreRecord(fixture().core, a.token, 'customers', SOURCE, 'only-in-b')).toBeNull();
    const sorted = (ids: string[]) => [...ids].sort();
    expect(sorted(await coreExternalIds(fixture().core, a.token, 'customers', SOURCE))).toEqual(
      sorted(customerIds),
    );
    expect(sorted(await coreExternalIds(fixture().core, b.token, 'customers', SOURCE))).toEqual(
      sorted([...customerIds, 'only-in-b']),
    );
    expect((await coreCounts(fixture().core, a.token, SOURCE))['customers']?.count).toBe(customerIds.length);
    expect((await coreCounts(fixture().core, b.token, SOURCE))['customers']?.count).toBe(
      customerIds.length + 1,
    );

    // A tenant's token sees its own tenant and not the other.
    expect((await coreGet(fixture().core, a.token, `/v1/tenants/${a.id}`)).status).toBe(200);
    expect((await coreGet(fixture().core, a.token, `/v1/tenants/${b.id}`)).status).toBe(404);
    expect((await coreGet(fixture().core, b.token, `/v1/tenants/${a.id}`)).status).toBe(404);
  });
});

import type { ImportBatchResponse, SourceStats } from '@madeup/contract';
import { describeEachDialect } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { useCore } from '../support/core-fixture.ts';
import { customer } from '../support/sample-records.ts';

// A bounded run by default; MADEUP_TEST_RACE_* make it longer (20 importers, 10 rounds of 200 keys
// gave a 500 in one run of two before core answered lost races with 503 and ordered its writes).
const IMPORTERS = Number(process.env['MADEUP_TEST_RACE_IMPORTERS'] ?? 16);
const ROUNDS = Number(process.env['MADEUP_TEST_RACE_ROUNDS'] ?? 2);
const KEYS = Number(process.env['MADEUP_TEST_RACE_KEYS'] ?? 120);

/** A deterministic shuffle, so each importer sends the shared keys in its own order. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed * 2654435761;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describeEachDialect('importers racing on the same new keys', (target) => {
  // Enough concurrent imports for every importer to be in flight at once.
  const fixture = useCore(target, {
    maxConcurrentImports: IMPORTERS,
    maxTenantBodiesInFlight: IMPORTERS,
    tenantPool: { max: IMPORTERS, idleMs: 30_000 },
  });

  it('answers every batch (never a 5xx other than 503 + Retry-After) and stores each key once', async () => {
    const api = await fixture().tenant('race');
    const unexpected: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const ids = Array.from({ length: KEYS }, (_, n) => `r${round}-${n}`);
      const send = async (importer: number): Promise<void> => {
        // Each importer sends three quarters of the round's keys (overlapping every other importer)
        // with its own content, so batches both insert and update the same rows.
        const mine = shuffled(ids, round * 100 + importer).slice(0, (KEYS * 3) / 4);
        const body = {
          source: 'race',
          records: mine.map((id) => customer(id, { company: `importer ${importer}` })),
        };
        for (let attempt = 0; attempt < 20; attempt++) {
          const response = await api.post<ImportBatchResponse>('/v1/import/customers', body);
          if (response.status === 200) return;
          if (response.status === 503 && response.headers.get('retry-after') !== null) continue;
          unexpected.push(`${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
          return;
        }
      };
      await Promise.all(Array.from({ length: IMPORTERS }, (_, n) => send(n)));
    }
    expect(unexpected).toEqual([]);
    const stats = await api.get<SourceStats>('/v1/stats?source=race');
    const customers = stats.body.entities.find((e) => e.entity === 'customers');
    // Every key once, and the content of one import of it (all importers send the same content).
    const union = new Set<string>();
    for (let round = 0; round < ROUNDS; round++)
      for (let importer = 0; importer < IMPORTERS; importer++)
        for (const id of shuffled(
          Array.from({ length: KEYS }, (_, n) => `r${round}-${n}`),
          round * 100 + importer,
        ).slice(0, (KEYS * 3) / 4))
          union.add(id);
    expect(customers?.count).toBe(union.size);
    // Lost races wait on row locks and retry with backoff: 25 s on PostgreSQL on a quiet 2-core
    // machine, so the default 30 s would fail a correct core under load.
  }, 120_000);
});

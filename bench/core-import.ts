// Import rate of core's API against a direct multi-row INSERT ... ON CONFLICT of the same rows.
//   node bench/core-import.ts            (BENCH_ROWS=N sets records per entity; BENCH_QUICK=1 small;
//                                         BENCH_DIALECTS=mysql,sqlite only those)
// Per dialect: one tenant loaded through POST /v1/import/{entity} in 1000-record batches by
// onboard's own client side (columnar bodies, an Idempotency-Key, the compact answer; one request in
// flight), one loaded by the bare driver with the rows core would store, same batches, the two sides
// taking turns batch by batch.
import { join } from 'node:path';
import type { ImportRecord } from '@madeup/contract';
import { MYSQL, POSTGRES } from '@madeup/testkit';
import { type DirectTarget, openDirect } from './core-import-direct-child.ts';
import {
  benchInvoice,
  benchProduct,
  benchCustomer as customer,
  benchInvoiceLine as line,
} from './lib/core-records.ts';
import {
  type BenchCore,
  benchRows,
  formatRate,
  formatRatio,
  printSection,
  progress,
  runBenchmark,
  withCore,
} from './lib/index.ts';
import { markdownTable } from './lib/markdown-table.ts';
import { type OnboardImport, openOnboardImport } from './lib/onboard-import.ts';
import { startTimer } from './lib/rate-timer.ts';

type Dialect = 'postgres' | 'mysql' | 'sqlite';
const BATCH = 1000;
const dialects = (process.env['BENCH_DIALECTS'] ?? 'postgres,mysql,sqlite')
  .split(',')
  .filter((d): d is Dialect => d === 'postgres' || d === 'mysql' || d === 'sqlite');
const total = Math.max(BATCH, Math.round(benchRows(10_000, 2_000) / BATCH) * BATCH);

const batches = (make: (n: number) => ImportRecord) =>
  Array.from({ length: total / BATCH }, (_, b) =>
    Array.from({ length: BATCH }, (_, i) => make(b * BATCH + i)),
  );

async function parents(api: OnboardImport): Promise<void> {
  await api.send('parents', 'customers', 0, [customer(0)]);
  await api.send(
    'parents',
    'products',
    0,
    Array.from({ length: 200 }, (_, n) => benchProduct(n)),
  );
  await api.send(
    'parents',
    'invoices',
    0,
    Array.from({ length: 1000 }, (_, n) => benchInvoice(n)),
  );
}

async function directTarget(bench: BenchCore, dialect: Dialect, tenantId: string): Promise<DirectTarget> {
  if (dialect === 'sqlite')
    return {
      dialect,
      url: join(bench.core.config.dataDir, 'tenants', `${tenantId.replace(/-/g, '_')}.sqlite`),
    };
  return { dialect, url: await bench.tenantDatabaseUrl(dialect, tenantId) };
}

async function measure(bench: BenchCore, dialect: Dialect): Promise<(string | number)[][]> {
  const { core } = bench;
  const apiTenant = await core.createTenant(`api-${dialect}`, dialect);
  const directTenant = await core.createTenant(`direct-${dialect}`, dialect);
  const api = await openOnboardImport(core.url, apiTenant.token, 'bench');
  const rows: (string | number)[][] = [];
  let db: Awaited<ReturnType<typeof openDirect>> | undefined;
  try {
    await parents(api);
    const forDirect = await openOnboardImport(core.url, directTenant.token, 'bench');
    await parents(forDirect).finally(() => forDirect.close());
    db = await openDirect(await directTarget(bench, dialect, `direct-${dialect}`));
    for (const [entity, make] of [
      ['customers', customer],
      ['invoiceLines', line],
    ] as const) {
      const work = batches(make);
      progress(`${dialect} ${entity}: ${total} records through the API and by direct INSERT ... ON CONFLICT`);
      const ids = await db.parentIds();
      // Batch by batch in turn (API, direct, API, direct ...): both sides see the same machine,
      // so a load that comes and goes on a shared machine does not land on one side only.
      let apiSeconds = 0;
      let directSeconds = 0;
      let apiCpu = 0;
      let directCpu = 0;
      for (const [seq, batch] of work.entries()) {
        const apiTimer = startTimer();
        const apiStart = process.cpuUsage();
        await api.send('load', entity, seq, batch);
        apiCpu += cpuSince(apiStart);
        apiSeconds += apiTimer.elapsed();
        const directTimer = startTimer();
        const directStart = process.cpuUsage();
        await db.upsert(entity, batch, ids);
        directCpu += cpuSince(directStart);
        directSeconds += directTimer.elapsed();
      }
      const apiRate = { perSecond: total / apiSeconds };
      const directRate = { perSecond: total / directSeconds };
      // A new run, as a second `onboard run` would be: new keys, so core imports the batches again
      // (finding every record unchanged) instead of answering from the stored outcomes.
      const rerunTimer = startTimer();
      for (const [seq, batch] of work.entries()) await api.send('rerun', entity, seq, batch);
      const rerunRate = rerunTimer.stop(total);
      rows.push([
        dialect,
        entity,
        formatRate(apiRate.perSecond, 'rec'),
        formatRate(directRate.perSecond, 'rec'),
        formatRatio(apiRate.perSecond, directRate.perSecond),
        `${Math.round(apiCpu / total)} / ${Math.round(directCpu / total)}`,
        formatRate(rerunRate.perSecond, 'rec'),
      ]);
    }
  } finally {
    await db?.close();
    await api.close();
  }
  return rows;
}

/** User + system CPU microseconds of this process since `start`. */
function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

await runBenchmark(async () => {
  const rows: (string | number)[][] = [];
  await withCore(async (bench) => {
    for (const dialect of dialects) {
      try {
        rows.push(...(await measure(bench, dialect)));
      } catch (error) {
        progress(`${dialect} skipped: ${error instanceof Error ? error.message : String(error)}`);
        rows.push([dialect, '-', 'failed', '-', '-', '-', '-']);
      }
    }
  });
  printSection(
    'core import API vs direct INSERT ... ON CONFLICT',
    `${total} records per entity in batches of ${BATCH}, one request in flight, API and direct taking turns batch by batch; servers ${POSTGRES.label} and ${MYSQL.label}, SQLite embedded. ` +
      "The API side is onboard's own client side: columnar bodies, an Idempotency-Key per batch (core stores each outcome), the compact answer read back into per-record results. " +
      "The direct side writes every column core writes, works out a content hash the way core does, in one upsert statement per batch, on a connection set up as core's " +
      '(SQLite: WAL, synchronous=NORMAL, foreign_keys=ON; MariaDB: READ COMMITTED, strict mode); it reads the parent ids once before timing, where the API side looks them up per batch. ' +
      '"API rerun" sends the same batches again under new keys (all unchanged, nothing written). "CPU µs/rec" is this ' +
      "process's CPU per record on each side (core runs embedded, so the API side counts client and core; " +
      'SQLite runs in-process, so for SQLite it is all of the work, for the servers it leaves out theirs).',
    markdownTable(
      ['dialect', 'entity', 'API', 'direct', 'API / direct', 'CPU µs/rec API / direct', 'API rerun'],
      rows,
    ),
    'Target: API / direct ≥ 0.8× on every dialect (MariaDB and SQLite tenants included).',
  );
});

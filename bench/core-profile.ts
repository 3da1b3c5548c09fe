// A request loop to profile core's import path in-process:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/core-profile.ts   (BENCH_ROWS=N, BENCH_DIALECTS=a,b,
// BENCH_ENTITIES=customers,invoiceLines, BENCH_PHASES=load,rerun)
// Per dialect: one tenant, its parents, then customers and invoiceLines in 1000-record batches
// (first load, then the same batches again), timing each phase. Each batch is posted as `onboard`
// posts it to a core that announces these: the columnar body, asking for the compact response, with
// an `Idempotency-Key`.
import { randomUUID } from 'node:crypto';
import {
  COLUMNAR_IMPORT_MEDIA_TYPE,
  COMPACT_IMPORT_MEDIA_TYPE,
  type ImportRecord,
  toColumnarImport,
} from '@madeup/contract';
import {
  benchCustomer as customer,
  benchInvoice as invoice,
  benchInvoiceLine as line,
  benchProduct as product,
} from './lib/core-records.ts';
import { benchRows, progress, runBenchmark, withCore } from './lib/index.ts';
import { startTimer } from './lib/rate-timer.ts';

const BATCH = 1000;
const total = Math.max(BATCH, Math.round(benchRows(10_000, 2_000) / BATCH) * BATCH);
const dialects = (process.env['BENCH_DIALECTS'] ?? 'postgres,mysql,sqlite').split(',');
const entities = (process.env['BENCH_ENTITIES'] ?? 'customers,invoiceLines').split(',');
/** `BENCH_PHASES=load` profiles a first load alone (no rerun). */
const phases = (process.env['BENCH_PHASES'] ?? 'load,rerun').split(',');

async function post(url: string, token: string, entity: string, records: readonly ImportRecord[]) {
  const response = await fetch(`${url}/v1/import/${entity}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': COLUMNAR_IMPORT_MEDIA_TYPE,
      accept: COMPACT_IMPORT_MEDIA_TYPE,
      'idempotency-key': randomUUID(),
    },
    body: JSON.stringify(toColumnarImport({ source: 'bench', records })),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${entity}: ${response.status} ${text.slice(0, 300)}`);
}

const range = (n: number, make: (i: number) => ImportRecord) => Array.from({ length: n }, (_, i) => make(i));

await runBenchmark(async () => {
  await withCore(async ({ core }) => {
    for (const dialect of dialects) {
      const tenant = await core.createTenant(`prof-${dialect}`, dialect as 'postgres');
      await post(core.url, tenant.token, 'customers', [customer(0)]);
      await post(core.url, tenant.token, 'products', range(200, product));
      await post(core.url, tenant.token, 'invoices', range(1000, invoice));
      for (const [entity, make] of [
        ['customers', customer],
        ['invoiceLines', line],
      ] as const) {
        if (!entities.includes(entity)) continue;
        const batches = Array.from({ length: total / BATCH }, (_, b) =>
          range(BATCH, (i) => make(b * BATCH + i)),
        );
        for (const phase of phases) {
          const timer = startTimer();
          const cpu = process.cpuUsage();
          for (const batch of batches) await post(core.url, tenant.token, entity, batch);
          const rate = timer.stop(total);
          const used = process.cpuUsage(cpu);
          const cpuPerRecord = (used.user + used.system) / total;
          progress(
            `${dialect} ${entity} ${phase}: ${Math.round(rate.perSecond)} rec/s, ${cpuPerRecord.toFixed(1)} CPU µs/rec`,
          );
        }
      }
    }
  });
});

// End to end: Vendor X from PostgreSQL into a PostgreSQL tenant through `onboard run`, against a
// direct SQL copy of the same rows into tables of the same shape (the physical limit) and against
// a replica of the old design (one thread, one job and one request per record). Also the ETL's
// peak memory at two sizes, to show it does not grow with the row count.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SchemaDocument } from '@madeup/contract';
import { compileMapping, loadMapping, openConnector } from '@madeup/onboard';
import { VENDOR_X_MAPPING, vendorXSizes } from '../examples/vendor-x/index.ts';
import {
  batchSizes,
  benchRows,
  type EntityBatches,
  formatBytes,
  formatNumber,
  formatRate,
  formatRatio,
  formatSeconds,
  isQuick,
  lastRunReport,
  legacyImport,
  markdownTable,
  postgresDirectCopy,
  printSection,
  progress,
  runBenchmark,
  runVendorXMove,
  withCore,
  withVendorX,
} from './lib/index.ts';

interface EtlFigures {
  readonly rows: number;
  readonly seconds: number;
  readonly peakRssBytes: number;
  readonly rssQuarterPeaks: readonly number[];
  readonly created: number;
  readonly rejected: number;
  readonly batches: readonly EntityBatches[];
}

await runBenchmark(async () => {
  const full = benchRows(1_000_000, 20_000);
  const small = Math.max(1000, Math.floor(full / 10));
  const legacyCount = isQuick() ? 200 : 1000;
  const store = await mkdtemp(join(tmpdir(), 'bench-etl-store-'));
  try {
    await withCore(async (bench) => {
      /** Imports a fresh vendor-x database of `rows` rows into a fresh PostgreSQL tenant. */
      const importRun = async (
        rows: number,
        tenantId: string,
        after?: (url: string, token: string, sourceUrl: string) => Promise<void>,
      ) =>
        withVendorX('postgres', rows, async (source) => {
          const tenant = await bench.core.createTenant(tenantId, 'postgres');
          const storeFile = join(store, `${tenantId}.sqlite`);
          progress(`onboard run: ${formatNumber(rows)} rows into tenant ${tenantId}`);
          const run = await runVendorXMove({
            source: source.url,
            core: bench.core.url,
            store: storeFile,
            token: tenant.token,
          });
          if (run.exitCode !== 0) throw new Error(`onboard run exited with ${run.exitCode}`);
          const report = await lastRunReport(storeFile);
          const figures: EtlFigures = {
            rows,
            seconds: run.seconds,
            peakRssBytes: run.peakRssBytes,
            rssQuarterPeaks: run.rssQuarterPeaks,
            created: report.entities.reduce((n, e) => n + e.created, 0),
            rejected: report.entities.reduce((n, e) => n + e.rejected, 0),
            batches: batchSizes(storeFile),
          };
          progress(
            `${formatNumber(rows)} rows in ${formatSeconds(run.seconds)}, peak RSS ${formatBytes(run.peakRssBytes)}`,
          );
          await after?.(await bench.tenantDatabaseUrl('postgres', tenantId), tenant.token, source.url);
          return figures;
        });

      const smallRun = await importRun(small, 'etl-small');
      let direct: Awaited<ReturnType<typeof postgresDirectCopy>> | undefined;
      let legacy: Awaited<ReturnType<typeof legacyImport>> | undefined;
      const fullRun = await importRun(full, 'etl-full', async (tenantUrl, _token, sourceUrl) => {
        progress('direct SQL copy of the imported rows into same-shaped tables');
        direct = await postgresDirectCopy(tenantUrl);
        progress(`old design replica: ${legacyCount} customers, one request each`);
        const old = await bench.core.createTenant('etl-legacy', 'postgres');
        const schema = (await (
          await fetch(`${bench.core.url}/v1/schema`, { headers: { authorization: `Bearer ${old.token}` } })
        ).json()) as SchemaDocument;
        const loaded = await loadMapping(VENDOR_X_MAPPING);
        const connector = openConnector({ url: sourceUrl });
        try {
          const streams = await connector.discover();
          const mapping = compileMapping(loaded.data, schema, {
            streams,
            ...(loaded.hooks ? { hooks: loaded.hooks } : {}),
          });
          const entity = mapping.entity('customers')!;
          const stream = streams.find((s) => s.name === entity.stream)!;
          const ids = Array.from(
            { length: Math.min(legacyCount, vendorXSizes(full).client) },
            (_, i) => i + 1,
          );
          legacy = await legacyImport(
            connector,
            stream,
            entity,
            { coreUrl: bench.core.url, token: old.token, source: mapping.source },
            ids,
          );
        } finally {
          await connector.close();
        }
      });
      if (direct === undefined || legacy === undefined) throw new Error('the baselines did not run');

      const etlRate = fullRun.rows / fullRun.seconds;
      printSection(
        `End to end: Vendor X, PostgreSQL to a PostgreSQL tenant (${formatNumber(full)} rows)`,
        [
          `\`onboard run\` with default settings (a child process: its wall time, start-up included, and its peak RSS), core embedded in the benchmark process, source and tenant on the local PostgreSQL.`,
          `Direct SQL copy: the ${formatNumber(direct.count)} rows the import wrote, read back and inserted into empty twins of the ${direct.tables} tenant tables (same columns, indexes, unique keys and foreign keys to the tenant's parent tables) in batches of 5,000 — the physical limit of writing those rows.`,
          `Old design replica: ${formatNumber(legacy.count)} customers, one thread, one query + one job + one HTTP request per record, waiting for each.`,
        ].join('\n\n'),
        markdownTable(
          ['path', 'rows', 'time', 'rate', 'ETL vs this'],
          [
            [
              'onboard run (ETL)',
              formatNumber(fullRun.rows),
              formatSeconds(fullRun.seconds),
              formatRate(etlRate),
              '1.00×',
            ],
            [
              'direct SQL copy',
              formatNumber(direct.count),
              formatSeconds(direct.seconds),
              formatRate(direct.perSecond),
              formatRatio(etlRate, direct.perSecond),
            ],
            [
              'old design replica',
              formatNumber(legacy.count),
              formatSeconds(legacy.seconds),
              formatRate(legacy.perSecond),
              formatRatio(etlRate, legacy.perSecond),
            ],
          ],
          ['left', 'right', 'right', 'right', 'right'],
        ),
        markdownTable(
          [
            'ETL run: rows',
            'created',
            'rejected (dirt)',
            'time',
            'rate',
            'peak RSS',
            'peak RSS by quarter of the run',
          ],
          [smallRun, fullRun].map((r) => [
            formatNumber(r.rows),
            formatNumber(r.created),
            formatNumber(r.rejected),
            formatSeconds(r.seconds),
            formatRate(r.rows / r.seconds),
            formatBytes(r.peakRssBytes),
            `${r.rssQuarterPeaks.map((b) => formatBytes(b).replace(' MiB', '')).join(' / ')} MiB`,
          ]),
          ['right', 'right', 'right', 'right', 'right', 'right', 'right'],
        ),
        markdownTable(
          ['entity (full run)', 'tasks', 'batches', 'rows read', 'rows per batch: min', 'mean', 'max'],
          fullRun.batches.map((b) => [
            b.entity,
            formatNumber(b.tasks),
            formatNumber(b.batches),
            formatNumber(b.rows),
            formatNumber(b.minRows),
            formatNumber(Math.round(b.rows / b.batches)),
            formatNumber(b.maxRows),
          ]),
          ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
        ),
        `Targets: at least half the direct rate (ETL/direct ≥ 0.5×: ${formatRatio(etlRate, direct.perSecond)}), at least 50× the old design (${formatRatio(etlRate, legacy.perSecond)}), and peak memory that does not grow with the rows (${formatBytes(smallRun.peakRssBytes)} at ${formatNumber(small)} rows, ${formatBytes(fullRun.peakRssBytes)} at ${formatNumber(full)}; a run of ${formatNumber(small)} rows ends before the process reaches its steady state, so the quarters of the long run are the test: they stay level if memory is bounded). Old-design records rejected: ${legacy.failed}.`,
        `Requests core received: ${formatNumber(smallRun.batches.reduce((n, b) => n + b.batches, 0))} batches from the small ETL run, ${formatNumber(fullRun.batches.reduce((n, b) => n + b.batches, 0))} from the full one (per entity above), and ${formatNumber(legacy.requests)} one-record customer batches from the old design replica, all to the same embedded core: a profile of that core over the whole benchmark sees mostly the replica's requests.`,
      );
    });
  } finally {
    await rm(store, { recursive: true, force: true });
  }
});

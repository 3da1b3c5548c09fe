// The peer, measured in the same run: pgloader (Debian's package, installed by
// lib/install-pgloader.sh when absent) against `onboard run` -> `madeup-core serve` -> PostgreSQL
// tenant, on the same generated Vendor X sources (MariaDB and SQLite), and the COPY floor of the
// rows the import wrote. Also the CPU seconds each process of the onboard moves used, per 1M rows.
//
// `node bench/peer-pgloader.ts [--rows N]` (default 1,000,000; `--quick`/BENCH_QUICK=1: 20,000).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  benchRows,
  type CopyFloor,
  copyFloor,
  ensurePgloader,
  formatBytes,
  formatNumber,
  formatRate,
  formatRatio,
  formatSeconds,
  lastRunReport,
  markdownTable,
  namedProcessesCpuSeconds,
  type PgloaderRun,
  postmasterPid,
  printSection,
  progress,
  quietPostgres,
  reapedChildrenCpuSeconds,
  runBenchmark,
  runPgloader,
  runVendorXMove,
  sampleRss,
  sampleTreeCpu,
  treeCpuSeconds,
  withCoreProcess,
  withDatabase,
  withVendorX,
} from './lib/index.ts';

/** CPU seconds one onboard move cost each process. */
interface MoveCpu {
  readonly onboard: number;
  readonly core: number;
  /** The PostgreSQL backends connected to the tenant database. */
  readonly tenantBackends: number;
  /** Every process of the PostgreSQL server (backends, WAL writer, checkpointer, autovacuum...). */
  readonly postgresAll: number;
  /** Every MariaDB server process on the machine (the source's reads, and whatever else it serves). */
  readonly mariadb: number;
}

/** Resident memory over one onboard move: the ETL's and core's, peak of each quarter of the run. */
interface MoveMemory {
  readonly etlPeak: number;
  readonly etlQuarters: readonly number[];
  readonly coreStart: number;
  readonly corePeak: number;
  readonly coreQuarters: readonly number[];
}

interface MoveFigures {
  readonly move: string;
  readonly memory: MoveMemory;
  readonly pgloader?: PgloaderRun;
  readonly onboardSeconds: number;
  readonly created: number;
  readonly rejected: number;
  readonly cpu: MoveCpu;
  readonly floor: CopyFloor;
}

/** The MariaDB (or MySQL) server's process names. */
const MARIADB_SERVER = ['mariadbd', 'mysqld'];

const MOVES = [
  { move: 'MariaDB → PostgreSQL', dialect: 'mysql', tenant: 'peer-mariadb' },
  { move: 'SQLite → PostgreSQL', dialect: 'sqlite', tenant: 'peer-sqlite' },
] as const;

/** Before each timed move: no autovacuum of an earlier move's tables, no checkpoint of its writes. */
async function settle(): Promise<void> {
  const quiet = await quietPostgres();
  progress(
    `PostgreSQL settled in ${formatSeconds(quiet.seconds)}${quiet.autovacuumStillRunning ? ' (autovacuum still running: gave up waiting)' : ''}`,
  );
}

/** A source URL of the test kit (`mysql://…/db`, `sqlite:/path`) as pgloader spells it. */
function pgloaderSource(url: string): string {
  return url.startsWith('sqlite:') ? `sqlite://${url.slice('sqlite:'.length)}` : url;
}

await runBenchmark(async () => {
  const { values } = parseArgs({
    options: { rows: { type: 'string' }, quick: { type: 'boolean', default: false } },
  });
  if (values.quick) process.env['BENCH_QUICK'] = '1';
  const rows = values.rows === undefined ? benchRows(1_000_000, 20_000) : Number(values.rows);
  if (!Number.isSafeInteger(rows) || rows <= 0)
    throw new Error(`--rows must be a positive integer, not ${values.rows}`);

  progress('pgloader: checking it is installed (installing the Debian package if not)');
  const pgloader = await ensurePgloader();
  progress(pgloader.available ? `pgloader ${pgloader.version}` : `pgloader unavailable: ${pgloader.reason}`);
  const postmaster = await postmasterPid();
  const store = await mkdtemp(join(tmpdir(), 'bench-peer-store-'));
  const figures: MoveFigures[] = [];
  try {
    await withCoreProcess(async (core) => {
      for (const { move, dialect, tenant: tenantId } of MOVES) {
        await withVendorX(dialect, rows, async (source) => {
          let pgloaderRun: PgloaderRun | undefined;
          if (pgloader.available) {
            pgloaderRun = await withDatabase('postgres', 'pgloader', async (target) => {
              await settle();
              progress(`pgloader ${move}, ${formatNumber(rows)} rows`);
              // SQLite: the generator's ANALYZE statistics (sqlite_stat1, sqlite_stat4) are no data;
              // pgloader would copy them, and fails on sqlite_stat4's blobs.
              const run = await runPgloader(
                pgloaderSource(source.url),
                target.url.replace(/^postgres:/, 'postgresql:'),
                dialect === 'sqlite' ? { excludeTablesLike: 'sqlite_%' } : {},
              );
              progress(`pgloader: ${formatNumber(run.summary.rows)} rows in ${formatSeconds(run.seconds)}`);
              return run;
            });
          }

          const tenant = await core.createTenant(tenantId);
          const storeFile = join(store, `${tenantId}.sqlite`);
          await settle();
          progress(`onboard run ${move}, ${formatNumber(rows)} rows, core serve pid ${core.pid}`);
          const backends = sampleTreeCpu(postmaster, tenant.databaseName);
          const coreRss = sampleRss({ pid: core.pid, intervalMs: 250 });
          const before = {
            onboard: reapedChildrenCpuSeconds(),
            core: treeCpuSeconds(core.pid),
            postgresAll: treeCpuSeconds(postmaster),
            mariadb: namedProcessesCpuSeconds(MARIADB_SERVER),
          };
          const run = await runVendorXMove({
            source: source.url,
            core: core.url,
            store: storeFile,
            token: tenant.token,
          });
          const cpu: MoveCpu = {
            onboard: reapedChildrenCpuSeconds() - before.onboard,
            core: treeCpuSeconds(core.pid) - before.core,
            postgresAll: treeCpuSeconds(postmaster) - before.postgresAll,
            mariadb: namedProcessesCpuSeconds(MARIADB_SERVER) - before.mariadb,
            tenantBackends: backends.stop(),
          };
          const coreMemory = coreRss.stop();
          const memory: MoveMemory = {
            etlPeak: run.peakRssBytes,
            etlQuarters: run.rssQuarterPeaks,
            coreStart: coreMemory.startBytes,
            corePeak: coreMemory.peakBytes,
            coreQuarters: coreMemory.quarterPeaks,
          };
          if (run.exitCode !== 0) throw new Error(`onboard run (${move}) exited with ${run.exitCode}`);
          const report = await lastRunReport(storeFile);
          progress(`onboard: ${formatSeconds(run.seconds)}; COPY floor of the tenant's rows`);
          await settle();
          const floor = await copyFloor(tenant.databaseUrl);
          progress(`COPY floor: ${formatNumber(floor.rows)} rows in ${formatSeconds(floor.seconds)}`);
          figures.push({
            move,
            memory,
            ...(pgloaderRun === undefined ? {} : { pgloader: pgloaderRun }),
            onboardSeconds: run.seconds,
            created: report.entities.reduce((n, e) => n + e.created, 0),
            rejected: report.entities.reduce((n, e) => n + e.rejected, 0),
            cpu,
            floor,
          });
        });
      }
    });
  } finally {
    await rm(store, { recursive: true, force: true });
  }

  const none = '—';
  const perMillion = (seconds: number) => `${(seconds * (1_000_000 / rows)).toFixed(1)} s`;
  printSection(
    `Peer: pgloader against onboard run, Vendor X to PostgreSQL (${formatNumber(rows)} rows)`,
    [
      `The same Vendor X data (seed 1, ${formatNumber(rows)} rows) generated into MariaDB and into SQLite, moved to the local PostgreSQL in the same run by ${
        pgloader.available ? `pgloader ${pgloader.version}` : 'pgloader'
      } (its defaults, into a fresh database) and by \`onboard run\` (default settings, its own process) through core as its own \`madeup-core serve\` process (default settings) into a fresh PostgreSQL tenant. Before each timed move (pgloader's, onboard's, the floor's) the PostgreSQL server settles: no autovacuum worker running (an earlier move's tables), then a \`CHECKPOINT\`, so no move pays for the one before it. Times are wall times of the processes, start-up included; rows/s are source rows per second for both, as both read every source row (onboard rejects the generator's dirt: see "written").`,
      `COPY floor: the rows that onboard import wrote, as a data-only dump (\`pg_dump -Fc -a\`) restored with \`pg_restore -a --disable-triggers\` (COPY, every index, no foreign-key checks) into an empty copy of the tenant schema: what PostgreSQL alone needs to write them (its row count is the tenant database's: the import's rows and core's own bookkeeping).`,
      pgloader.available
        ? ''
        : `**pgloader could not be installed (${pgloader.reason}): its columns are skipped.**`,
    ]
      .filter((b) => b !== '')
      .join('\n\n'),
    markdownTable(
      [
        'move',
        'pgloader time',
        'pgloader rows/s',
        'onboard time',
        'onboard rows/s',
        'onboard / pgloader',
        'written: pgloader / onboard (rejected)',
        'COPY floor',
        'floor rows/s',
      ],
      figures.map((f) => [
        f.move,
        f.pgloader === undefined ? none : formatSeconds(f.pgloader.seconds),
        f.pgloader === undefined ? none : formatRate(rows / f.pgloader.seconds),
        formatSeconds(f.onboardSeconds),
        formatRate(rows / f.onboardSeconds),
        f.pgloader === undefined ? none : formatRatio(f.pgloader.seconds, f.onboardSeconds),
        `${f.pgloader === undefined ? none : formatNumber(f.pgloader.summary.rows)} / ${formatNumber(f.created)} (${formatNumber(f.rejected)})`,
        `${formatSeconds(f.floor.seconds)} (${formatNumber(f.floor.rows)} rows)`,
        formatRate(f.floor.rows / f.floor.seconds),
      ]),
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
    `Target: onboard / pgloader ≥ 0.5× on both moves at 1,000,000 rows (aim 1×).`,
  );
  printSection(
    `Where the time goes: CPU seconds per process, per 1M rows (${formatNumber(rows)} rows measured)`,
    `User + system CPU from /proc over each onboard move, scaled to 1,000,000 rows: the \`onboard\` process (reaped children's time of the benchmark), the \`madeup-core serve\` process tree, the PostgreSQL backends connected to the tenant database (sampled every 250 ms), and every process of the PostgreSQL server (postmaster tree: also WAL writer, checkpointer, autovacuum, and anything else using that server at the time, so run it on a quiet machine). The MariaDB server's processes (\`mariadbd\`): the source's reads in the MariaDB move, not in the total; in the SQLite move only whatever else that server did meanwhile. pgloader's own process, for comparison.`,
    markdownTable(
      [
        'move',
        'onboard',
        'core',
        'PG: tenant backends',
        'PG: all server processes',
        'total (onboard + core + PG all)',
        'MariaDB server',
        'onboard wall time (scaled)',
        'pgloader process',
      ],
      figures.map((f) => [
        f.move,
        perMillion(f.cpu.onboard),
        perMillion(f.cpu.core),
        perMillion(f.cpu.tenantBackends),
        perMillion(f.cpu.postgresAll),
        perMillion(f.cpu.onboard + f.cpu.core + f.cpu.postgresAll),
        perMillion(f.cpu.mariadb),
        perMillion(f.onboardSeconds),
        f.pgloader === undefined ? none : perMillion(f.pgloader.cpuSeconds),
      ]),
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
  );
  const quarters = (bytes: readonly number[]) =>
    `${bytes.map((b) => formatBytes(b).replace(' MiB', '')).join(' / ')} MiB`;
  printSection(
    `Memory of the onboard moves (${formatNumber(rows)} rows)`,
    'Resident memory (RSS, from /proc) over each onboard move: the `onboard` process (sampled every 100 ms) and the `madeup-core serve` process (every 250 ms; it served the earlier moves too, so its start is what it kept from them). Quarters: the peak of each quarter of the move; level quarters mean memory that does not grow with the rows.',
    markdownTable(
      ['move', 'ETL peak RSS', 'ETL by quarter', 'core at start', 'core peak', 'core by quarter'],
      figures.map((f) => [
        f.move,
        formatBytes(f.memory.etlPeak),
        quarters(f.memory.etlQuarters),
        formatBytes(f.memory.coreStart),
        formatBytes(f.memory.corePeak),
        quarters(f.memory.coreQuarters),
      ]),
      ['left', 'right', 'right', 'right', 'right', 'right'],
    ),
    `Target: the ETL's peak RSS ≤ 300 MiB at 1,000,000 rows, level over the run; core's level under sustained import.`,
  );
});

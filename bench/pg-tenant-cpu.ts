// The CPU one SQLite -> PostgreSQL move of Vendor X costs each side: `onboard run` -> `madeup-core
// serve` -> a fresh PostgreSQL tenant, repeated, without pgloader or the COPY floor (those are
// bench/peer-pgloader.ts). For comparing two builds of core's write path: run it in each, in turn.
//
// `node bench/pg-tenant-cpu.ts [--rows N] [--runs K]` (default 100,000 rows, or BENCH_ROWS;
// `BENCH_QUICK=1`: 20,000; 2 runs).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  benchRows,
  formatNumber,
  markdownTable,
  peakRssOfPid,
  postmasterPid,
  printSection,
  progress,
  runBenchmark,
  runVendorXMove,
  sampleTreeCpu,
  treeCpuSeconds,
  withCoreProcess,
  withVendorX,
} from './lib/index.ts';

await runBenchmark(async () => {
  const { values } = parseArgs({ options: { rows: { type: 'string' }, runs: { type: 'string' } } });
  const rows = values.rows === undefined ? benchRows(100_000, 20_000) : Number(values.rows);
  const runs = Number(values.runs ?? 2);
  if (!Number.isSafeInteger(rows) || rows <= 0 || !Number.isSafeInteger(runs) || runs <= 0)
    throw new Error('--rows and --runs must be positive integers');
  const postmaster = await postmasterPid();
  const store = await mkdtemp(join(tmpdir(), 'bench-pg-tenant-cpu-'));
  const lines: string[][] = [];
  try {
    await withCoreProcess(async (core) =>
      withVendorX('sqlite', rows, async (source) => {
        for (let run = 1; run <= runs; run++) {
          const tenant = await core.createTenant(`cpu-${run}`);
          progress(`run ${run}: onboard run, ${formatNumber(rows)} rows, into ${tenant.databaseName}`);
          const backends = sampleTreeCpu(postmaster, tenant.databaseName);
          const coreBefore = treeCpuSeconds(core.pid);
          const result = await runVendorXMove({
            source: source.url,
            core: core.url,
            store: join(store, `run-${run}.sqlite`),
            token: tenant.token,
          });
          const coreCpu = treeCpuSeconds(core.pid) - coreBefore;
          const tenantCpu = backends.stop();
          if (result.exitCode !== 0) throw new Error(`onboard run exited with ${result.exitCode}`);
          lines.push([
            String(run),
            `${tenantCpu.toFixed(2)} s`,
            `${coreCpu.toFixed(2)} s`,
            `${Math.round(peakRssOfPid(core.pid) / 2 ** 20)} MiB`,
            `${result.seconds.toFixed(1)} s`,
          ]);
        }
      }),
    );
  } finally {
    await rm(store, { recursive: true, force: true });
  }
  printSection(
    `PostgreSQL tenant: CPU of one SQLite -> PostgreSQL move (${formatNumber(rows)} Vendor X rows)`,
    'User + system CPU from /proc over each move: the PostgreSQL backends connected to the tenant database (sampled every 250 ms) and the `madeup-core serve` process tree (one process for every run; each run into a fresh tenant); the peak RSS of core so far (the kernel high-water mark, `VmHWM`).',
    markdownTable(['run', 'PG: tenant backends', 'core', 'core peak RSS', 'onboard wall time'], lines, [
      'right',
      'right',
      'right',
      'right',
      'right',
    ]),
  );
});

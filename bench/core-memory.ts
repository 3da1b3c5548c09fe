// Core's memory under sustained import: one `madeup-core serve` process takes several `onboard run`
// moves of the same Vendor X source in turn, each into a fresh PostgreSQL tenant (as the peer bench
// does with two tenants), and its RSS is sampled every 250 ms: per move the RSS at the start, the
// peak and the peak of each quarter, with the move's wall time and core's CPU. `--probe` also loads
// `lib/core-memory-probe.ts` into the serve process and reports, at each move's RSS peak, where the
// memory is (V8 heap used and committed, old space, `external`, glibc's main heap, other anonymous
// mappings). Builds or settings compare in turn (A B A B ...), each with a serve process of its own:
// `--variant NAME=DIR[|ARGS]`, DIR a checkout whose `madeup-core` runs, ARGS space-separated Node.js
// flags (`--max-old-space-size=...`) or environment variables (`MALLOC_ARENA_MAX=2`).
//
// node bench/core-memory.ts [--rows N] [--moves N] [--source sqlite|mysql] [--runs N] [--probe]
//   [--probe-dir DIR (keeps the probe's logs there)]
//   [--variant a=/path/one --variant 'b=/path/two|GLIBC_TUNABLES=...']
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DialectName } from '@madeup/testkit';
import {
  benchRows,
  formatBytes,
  formatNumber,
  markdownTable,
  printSection,
  progress,
  runBenchmark,
  runVendorXMove,
  sampleRss,
  treeCpuSeconds,
  withCoreProcess,
  withVendorX,
} from './lib/index.ts';
import { parseVariant } from './lib/variant.ts';

const here = dirname(fileURLToPath(import.meta.url));
const PROBE = join(here, 'lib/core-memory-probe.ts');

/** A variant's serve process: its ARGS split into Node.js flags (`--...`) and `NAME=VALUE` variables. */
interface ServeVariant {
  readonly name: string;
  readonly dir: string;
  readonly nodeArgs: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

/** One line of the probe's log. */
interface ProbeLine {
  readonly at: number;
  readonly rss: number;
  readonly heapTotal: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
  readonly mainHeapKb: number;
  readonly otherAnonKb: number;
  readonly spaces: Record<string, { size: number; used: number; physical: number }>;
}

interface MoveFigures {
  readonly variant: string;
  readonly round: number;
  readonly move: number;
  readonly seconds: number;
  readonly coreCpu: number;
  readonly startBytes: number;
  readonly peakBytes: number;
  readonly quarters: readonly number[];
  /** The probe's line nearest the move's largest RSS, if probed. */
  readonly atPeak?: ProbeLine;
}

function serveVariant(text: string): ServeVariant {
  const { name, dir, args } = parseVariant(text);
  const nodeArgs: string[] = [];
  const env: Record<string, string> = {};
  for (const arg of args) {
    if (arg.startsWith('--')) nodeArgs.push(arg);
    else {
      const at = arg.indexOf('=');
      env[arg.slice(0, at)] = arg.slice(at + 1);
    }
  }
  return { name, dir, nodeArgs, env };
}

function readProbe(file: string, from: number, to: number): ProbeLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ProbeLine)
    .filter((l) => l.at >= from && l.at <= to);
}

const mib = (bytes: number) => formatBytes(bytes).replace(' MiB', '');

await runBenchmark(async () => {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string' },
      moves: { type: 'string', default: '2' },
      source: { type: 'string', default: 'sqlite' },
      runs: { type: 'string', default: '1' },
      probe: { type: 'boolean', default: false },
      'probe-dir': { type: 'string' },
      variant: { type: 'string', multiple: true },
      quick: { type: 'boolean', default: false },
    },
  });
  if (values.quick) process.env['BENCH_QUICK'] = '1';
  const rows = values.rows === undefined ? benchRows(200_000, 20_000) : Number(values.rows);
  const moves = Number(values.moves);
  const runs = Number(values.runs);
  const variants = (values.variant ?? [`this checkout=${resolve(here, '..')}`]).map(serveVariant);
  const store = await mkdtemp(join(tmpdir(), 'bench-core-memory-'));
  const figures: MoveFigures[] = [];
  try {
    await withVendorX(values.source as DialectName, rows, async (source) => {
      for (let round = 1; round <= runs; round += 1) {
        for (const variant of variants) {
          const probeFile = join(values['probe-dir'] ?? store, `probe-${variant.name}-${round}.jsonl`);
          await withCoreProcess(
            async (core) => {
              for (let move = 1; move <= moves; move += 1) {
                const tenant = await core.createTenant(`mem-${move}`);
                progress(`${variant.name}, round ${round}, move ${move} into ${tenant.databaseName}`);
                const rss = sampleRss({ pid: core.pid, intervalMs: 250 });
                const cpuBefore = treeCpuSeconds(core.pid);
                const from = Date.now();
                const run = await runVendorXMove({
                  source: source.url,
                  core: core.url,
                  store: join(store, `${variant.name}-${round}-${move}.sqlite`),
                  token: tenant.token,
                });
                const coreCpu = treeCpuSeconds(core.pid) - cpuBefore;
                const report = rss.stop();
                if (values.probe) {
                  process.kill(core.pid, 'SIGUSR2');
                  await new Promise((done) => setTimeout(done, 1500));
                }
                if (run.exitCode !== 0) throw new Error(`onboard run exited with ${run.exitCode}`);
                const lines = readProbe(probeFile, from, Date.now());
                const atPeak = lines.reduce<ProbeLine | undefined>(
                  (best, l) => (best === undefined || l.rss > best.rss ? l : best),
                  undefined,
                );
                progress(
                  `${run.seconds.toFixed(2)} s, core CPU ${coreCpu.toFixed(2)} s, core RSS ${mib(report.startBytes)} -> peak ${mib(report.peakBytes)} (${report.quarterPeaks.map(mib).join('/')})`,
                );
                figures.push({
                  variant: variant.name,
                  round,
                  move,
                  seconds: run.seconds,
                  coreCpu,
                  startBytes: report.startBytes,
                  peakBytes: report.peakBytes,
                  quarters: report.quarterPeaks,
                  ...(atPeak === undefined ? {} : { atPeak }),
                });
              }
            },
            {
              coreBin: join(variant.dir, 'packages/core/bin/madeup-core.js'),
              nodeArgs: [...(values.probe ? [`--import=${PROBE}`, '--expose-gc'] : []), ...variant.nodeArgs],
              env: { ...variant.env, ...(values.probe ? { BENCH_MEMORY_PROBE_FILE: probeFile } : {}) },
            },
          );
        }
      }
    });
  } finally {
    await rm(store, { recursive: true, force: true });
  }

  printSection(
    `Core's memory over ${moves} moves into tenants of one serve process (${formatNumber(rows)} rows each, ${values.source} source)`,
    `One \`madeup-core serve\` process per variant and round takes ${moves} \`onboard run\` moves of the same Vendor X source in turn, each into a fresh PostgreSQL tenant. Core's RSS from /proc every 250 ms: at the move's start, its peak and the peak of each quarter of the move (MiB).${
      values.probe
        ? " At the peak (the probe in the process, every 500 ms): V8 heap used / committed, its old space committed, `external` (buffers and other memory V8 is told of), glibc's main heap and the other anonymous mappings (V8 pages, other malloc arenas, stacks), resident."
        : ''
    }`,
    markdownTable(
      [
        'variant',
        'round',
        'move',
        'wall',
        'core CPU',
        'core RSS start',
        'peak',
        'by quarter',
        ...(values.probe
          ? ['heap used / committed', 'old space', 'external', 'malloc main heap', 'other anon']
          : []),
      ],
      figures.map((f) => [
        f.variant,
        String(f.round),
        String(f.move),
        `${f.seconds.toFixed(2)} s`,
        `${f.coreCpu.toFixed(2)} s`,
        mib(f.startBytes),
        mib(f.peakBytes),
        f.quarters.map(mib).join(' / '),
        ...(values.probe
          ? f.atPeak === undefined
            ? ['—', '—', '—', '—', '—']
            : [
                `${mib(f.atPeak.heapUsed)} / ${mib(f.atPeak.heapTotal)}`,
                mib(f.atPeak.spaces['old_space']?.physical ?? 0),
                mib(f.atPeak.external),
                mib(f.atPeak.mainHeapKb * 1024),
                mib(f.atPeak.otherAnonKb * 1024),
              ]
          : []),
      ]),
    ),
  );
});

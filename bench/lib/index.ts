// Shared helpers for the benchmark scripts in bench/. The convention they follow is in section.ts.
export { batchSizes, type EntityBatches } from './batch-sizes.ts';
export { onInterrupt, withDatabase } from './bench-database.ts';
export { type CopyFloor, copyFloor } from './copy-floor.ts';
export { type CoreProcess, withCoreProcess } from './core-process.ts';
export { type BenchCore, withCore } from './embedded-core.ts';
export { formatBytes, formatNumber, formatRate, formatRatio, formatSeconds } from './format.ts';
export { type LegacyTarget, legacyImport } from './legacy-import.ts';
export { describeMachine, type MachineDescription } from './machine.ts';
export { type Align, markdownTable } from './markdown-table.ts';
export {
  ensurePgloader,
  type PgloaderAvailability,
  type PgloaderRun,
  type PgloaderSummary,
  parsePgloaderSummary,
  runPgloader,
} from './pgloader.ts';
export { postgresDirectCopy } from './postgres-direct-copy.ts';
export { postmasterPid } from './postmaster-pid.ts';
export {
  type CpuSampler,
  clockTicks,
  namedProcessesCpuSeconds,
  type ProcStat,
  parseProcStat,
  processTree,
  readProcStat,
  reapedChildrenCpuSeconds,
  sampleTreeCpu,
  treeCpuSeconds,
} from './proc-cpu.ts';
export { type QuietPostgres, quietPostgres } from './quiet-postgres.ts';
export { measureRate, type Rate, type RateTimer, startTimer } from './rate-timer.ts';
export { peakRssOfPid, type RssReport, type RssSampler, rssOfPid, sampleRss } from './rss-sampler.ts';
export {
  lastRunReport,
  type OnboardResult,
  type ReportedEntity,
  runOnboard,
  runVendorXMove,
  type VendorXMove,
} from './run-onboard.ts';
export { benchRows, isQuick, printSection, progress, runBenchmark } from './section.ts';
export { type VendorXSource, withVendorX } from './vendor-x-source.ts';

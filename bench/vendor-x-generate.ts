// How fast the Vendor X generator fills a database, per technology: rows/s and peak memory.
import { generateVendorX } from '../examples/vendor-x/index.ts';
import {
  benchRows,
  formatBytes,
  formatNumber,
  formatRate,
  formatSeconds,
  markdownTable,
  printSection,
  progress,
  runBenchmark,
  sampleRss,
  startTimer,
  withDatabase,
} from './lib/index.ts';

await runBenchmark(async () => {
  const rows = benchRows(1_000_000, 20_000);
  const table: (string | number)[][] = [];
  for (const dialect of ['postgres', 'mysql', 'sqlite'] as const) {
    await withDatabase(dialect, 'vxgen', async (database) => {
      progress(`${dialect}: generating ${formatNumber(rows)} rows`);
      const rss = sampleRss();
      const timer = startTimer();
      await generateVendorX({ target: database.url, rows, seed: 1 });
      const rate = timer.stop(rows);
      const memory = rss.stop();
      table.push([
        dialect,
        formatNumber(rows),
        formatSeconds(rate.seconds),
        formatRate(rate.perSecond),
        formatBytes(memory.peakBytes),
      ]);
    });
  }
  printSection(
    `Vendor X generator (${formatNumber(rows)} rows)`,
    '`generateVendorX` writing a fresh database (tables, rows, then indexes and statistics), seed 1, in the benchmark process.',
    markdownTable(['target', 'rows', 'time', 'rate', 'peak RSS'], table, [
      'left',
      'right',
      'right',
      'right',
      'right',
    ]),
  );
});

// One measurement of bench/connectors-read.ts, run in its own process:
//   node bench/connectors-read-child.ts '["sqlite","sequential","sqlite:/path/file.sqlite","big"]'
import { openConnector } from '@madeup/onboard';

const BATCH = 10_000;
const PARTITION_ROWS = 100_000;
const PARALLEL = 4;

/**
 * Reads the whole table and reports rows, time and peak memory. Modes ending in `-memory` run under
 * `--expose-gc` and collect before each heap sample, so the heap figure is what is really retained
 * (live), not garbage V8 has not collected yet; their time is not a rate.
 */
export async function runChild(tech: string, mode: string, url: string, table: string) {
  let peakHeap = 0;
  const collect = mode.endsWith('-memory') ? (globalThis as { gc?: () => void }).gc : undefined;
  const sample = () => {
    collect?.();
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  };
  const sampler = setInterval(sample, collect ? 100 : 20);
  const base = mode.replace(/-memory$/, '');
  const timing = { setupMs: 0, started: performance.now(), cpu: process.cpuUsage() };
  const rows =
    base === 'bare'
      ? await bare(tech, url, table)
      : await viaConnector(url, table, base === 'parallel', timing);
  const ms = performance.now() - timing.started;
  const cpu = process.cpuUsage(timing.cpu);
  clearInterval(sampler);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  return {
    rows,
    ms: Math.round(ms),
    setupMs: Math.round(timing.setupMs),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    peakHeapMb: Math.round(peakHeap / 1024 / 1024),
  };
}

/**
 * Reads every partition through the connector. Opening, discover and the partition walk are timed
 * apart (`setupMs`); the read clock (`timing.started`) starts when the first partition is read.
 */
async function viaConnector(
  url: string,
  table: string,
  parallel: boolean,
  timing: { setupMs: number; started: number; cpu: NodeJS.CpuUsage },
): Promise<number> {
  const connector = openConnector({ url });
  try {
    const stream = (await connector.discover()).find((s) => s.name === table);
    if (!stream) throw new Error(`no stream ${table}`);
    const partitions = await connector.partition(stream, PARTITION_ROWS);
    const now = performance.now();
    timing.setupMs = now - timing.started;
    timing.started = now;
    timing.cpu = process.cpuUsage();
    let rows = 0;
    const readOne = async (index: number) => {
      const partition = partitions[index];
      if (!partition) return;
      for await (const batch of connector.read(stream, partition, { batchSize: BATCH })) rows += batch.length;
    };
    if (!parallel) {
      for (let i = 0; i < partitions.length; i++) await readOne(i);
    } else {
      let next = 0;
      await Promise.all(
        Array.from({ length: PARALLEL }, async () => {
          while (next < partitions.length) await readOne(next++);
        }),
      );
    }
    return rows;
  } finally {
    await connector.close();
  }
}

/**
 * The simplest fast way each driver reads a whole table, rows as objects, with the driver options
 * that give comparable values (no column read lossily where the connector must be exact):
 * - pg: int8 and numeric as text (its defaults), timestamp as Date, boolean;
 * - mysql2: the options the connector uses itself (BIGINT as exact text, DECIMAL as text, DATETIME
 *   as its text: a Date would drop the microseconds), TINYINT(1) as a number;
 * - better-sqlite3: numbers and text as stored (the table's ids are below 2^53, so exact here);
 * - csv-parse: every field as a string.
 * What the connector adds is the value model: ISO UTC timestamps, booleans, exact decimal text,
 * null told from "" in CSV, and for files the `_source_file`/`_source_row` columns.
 */
async function bare(tech: string, url: string, table: string): Promise<number> {
  let rows = 0;
  switch (tech) {
    case 'postgres': {
      const { default: pg } = await import('pg');
      const { default: QueryStream } = await import('pg-query-stream');
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const name = table.split('.').pop();
      for await (const _ of client.query(
        new QueryStream(`SELECT * FROM "${name}"`, [], { batchSize: BATCH }),
      ))
        rows++;
      await client.end();
      return rows;
    }
    case 'mysql': {
      const { default: mysql } = await import('mysql2');
      const connection = mysql.createConnection({
        uri: url,
        dateStrings: true,
        supportBigNumbers: true,
        bigNumberStrings: true,
      });
      for await (const _ of connection.query(`SELECT * FROM \`${table}\``).stream()) rows++;
      connection.end();
      return rows;
    }
    case 'sqlite': {
      const { default: Database } = await import('better-sqlite3');
      const db = new Database(url.slice('sqlite:'.length), { readonly: true });
      for (const _ of db.prepare(`SELECT * FROM "${table}"`).iterate()) rows++;
      db.close();
      return rows;
    }
    default: {
      const { createReadStream } = await import('node:fs');
      const { parse } = await import('csv-parse');
      const path = `${url.slice('file:'.length)}/${table}.csv`;
      for await (const _ of createReadStream(path).pipe(parse({ columns: true }))) rows++;
      return rows;
    }
  }
}

if (process.argv[1] === import.meta.filename) {
  const [tech, mode, url, table] = JSON.parse(process.argv[2] ?? '[]') as [string, string, string, string];
  process.stdout.write(JSON.stringify(await runChild(tech, mode, url, table)));
  process.exit(0);
}

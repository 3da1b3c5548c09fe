// One measurement of bench/connectors-read.ts, run in its own process.
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
  const started = performance.now();
  const base = mode.replace(/-memory$/, '');
  const rows =
    base === 'bare' ? await bare(tech, url, table) : await viaConnector(url, table, base === 'parallel');
  const ms = performance.now() - started;
  clearInterval(sampler);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  return {
    rows,
    ms: Math.round(ms),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    peakHeapMb: Math.round(peakHeap / 1024 / 1024),
  };
}

async function viaConnector(url: string, table: string, parallel: boolean): Promise<number> {
  const connector = openConnector({ url });
  try {
    const stream = (await connector.discover()).find((s) => s.name === table);
    if (!stream) throw new Error(`no stream ${table}`);
    const partitions = await connector.partition(stream, PARTITION_ROWS);
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

/** The simplest fast way each driver reads a whole table, rows as objects. */
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
      const connection = mysql.createConnection({ uri: url });
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

// The cost of merging duplicates: `planMerges`, the pre-pass a run makes for an entity with a
// `merge` rule (two reads of its stream), on Vendor X's clients from SQLite, against one plain
// read-and-transform pass of the same stream (what the run's own tasks do anyway).
//   node bench/merge-plan.ts [--rows 1000000]     (Vendor X rows; a tenth are clients)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODEL, schemaDocument } from '@madeup/core';
import { compileMapping, loadMapping, openConnector, planMerges } from '@madeup/onboard';
import { generateVendorX, VENDOR_X_MAPPING } from '../examples/vendor-x/index.ts';

const at = process.argv.indexOf('--rows');
const rows = at > 0 ? Number(process.argv[at + 1]) : 1_000_000;
const dir = await mkdtemp(join(tmpdir(), 'merge-plan-'));
try {
  const url = `sqlite:${join(dir, 'vx.sqlite')}`;
  const generated = await generateVendorX({ target: url, rows, seed: 1 });
  const connector = openConnector({ url });
  const streams = await connector.discover();
  const loaded = await loadMapping(VENDOR_X_MAPPING);
  const schema = schemaDocument(MODEL, { maxBatchRecords: 1000, maxBatchBytes: 4_000_000 });
  const mapping = compileMapping(loaded.data, schema, {
    streams,
    ...(loaded.hooks ? { hooks: loaded.hooks } : {}),
  });
  const customers = mapping.entity('customers')!;
  const stream = streams.find((s) => s.name === customers.stream)!;
  const task = { entity: 'customers', stream } as unknown as Parameters<typeof planMerges>[1][number];

  const measure = async <T>(work: () => Promise<T>) => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const value = await work();
    const used = process.cpuUsage(cpu);
    return {
      value,
      wall: (performance.now() - started) / 1000,
      cpu: (used.user + used.system) / 1e6,
      peakRss: process.resourceUsage().maxRSS / 1024,
    };
  };
  const pass = await measure(async () => {
    let n = 0;
    for (const partition of await connector.partition(stream, Number.MAX_SAFE_INTEGER))
      for await (const batch of connector.read(stream, partition, { batchSize: 5000 }))
        for (const row of batch) if ('record' in customers.transform(row)) n++;
    return n;
  });
  const plan = await measure(() => planMerges({ connector, mapping }, [task]));
  await connector.close();
  const away = plan.value.filter((m) => m.externalId !== m.survivorId).length;
  console.log(
    `Vendor X ${rows} rows: ${generated.tables.client} clients, ${generated.dirt.duplicateClients} duplicates`,
  );
  console.log(
    `one read + transform pass: ${pass.wall.toFixed(2)} s wall, ${pass.cpu.toFixed(2)} s CPU, peak RSS ${pass.peakRss.toFixed(0)} MiB`,
  );
  console.log(
    `planMerges: ${plan.wall.toFixed(2)} s wall, ${plan.cpu.toFixed(2)} s CPU, peak RSS ${plan.peakRss.toFixed(0)} MiB; ` +
      `${plan.value.length} members in the plan, ${away} merged away`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}

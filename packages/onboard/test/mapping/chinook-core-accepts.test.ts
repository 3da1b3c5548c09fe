import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportBatchResponse, ImportRecord } from '@madeup/contract';
import { MODEL, type RunningCore, schemaDocument, startCore } from '@madeup/core';
import { CHINOOK_DIR } from '@madeup/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConnector } from '../../src/connectors/registry.ts';
import { compileMapping, loadMapping } from '../../src/mapping/index.ts';

const MAPPING = join(import.meta.dirname, '../../../../examples/chinook/mapping.yaml');

describe('the Chinook mapping’s records, as core validates them', () => {
  let dir: string;
  let core: RunningCore;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-chinook-core-'));
    core = await startCore({
      dataDir: join(dir, 'core'),
      logLevel: 'error',
      logDestination: { write: () => {} },
    });
  });
  afterAll(async () => {
    await core?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('are all accepted by a dry run of core’s import API', async () => {
    const { token } = await core.createTenant(`chinook-${process.pid}`);
    const loaded = await loadMapping(MAPPING);
    const schema = schemaDocument(MODEL, { maxBatchRecords: 1000, maxBatchBytes: 4_000_000 });
    const queries = compileMapping(loaded.data, schema, { hooks: loaded.hooks! }).queries;
    const source = openConnector({ url: `sqlite:${CHINOOK_DIR}/Chinook_Sqlite.sqlite`, queries });
    const outcomes: Record<string, Record<string, number>> = {};
    try {
      const streams = await source.discover();
      const mapping = compileMapping(loaded.data, schema, { streams, hooks: loaded.hooks! });
      for (const entity of mapping.entities) {
        const stream = streams.find((candidate) => candidate.name === entity.stream)!;
        const records: ImportRecord[] = [];
        for (const partition of await source.partition(stream, 100_000)) {
          for await (const batch of source.read(stream, partition, { batchSize: 1000 })) {
            for (const row of batch) {
              const result = entity.transform(row);
              if ('record' in result) records.push(result.record);
            }
          }
        }
        const counts: Record<string, number> = {};
        const reasons = new Set<string>();
        for (let i = 0; i < records.length; i += 1000) {
          const response = await fetch(`${core.url}/v1/import/${entity.entity}?dryRun=true`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              source: mapping.source,
              deferUnresolved: true,
              records: records.slice(i, i + 1000),
            }),
          });
          expect(response.status).toBe(200);
          const body = (await response.json()) as ImportBatchResponse;
          for (const result of body.results) {
            counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
            for (const error of result.errors ?? [])
              reasons.add(`${error.field} ${error.code}: ${error.message}`);
          }
        }
        expect([...reasons], entity.entity).toEqual([]);
        outcomes[entity.entity] = counts;
      }
    } finally {
      await source.close();
    }
    expect(outcomes).toEqual({
      locations: { created: 3 },
      staff: { created: 8 },
      customers: { created: 59 },
      products: { created: 3503 },
      invoices: { created: 412 },
      invoiceLines: { created: 2240 },
      payments: { created: 412 },
    });
  });
});

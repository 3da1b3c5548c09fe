import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  COMPACT_IMPORT_MEDIA_TYPE,
  encodeCompactImport,
  type ImportBatchResponse,
  type RecordResult,
} from '@madeup/contract';
import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreClient } from '../../src/loader/core-client.ts';

const RUNS = 15;

/** Answers of 1-3,000 records (up to ~300 kB): created with uuids, some rejected, some deferred. */
const answer = fc
  .record({
    count: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 500, max: 3000 })),
    ids: fc.array(fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 6 }), fc.constant('é,"𝄞\n')), {
      minLength: 1,
      maxLength: 7,
    }),
    every: fc.integer({ min: 2, max: 50 }),
    dryRun: fc.boolean(),
  })
  .map(({ count, ids, every, dryRun }): ImportBatchResponse => {
    const results: RecordResult[] = Array.from({ length: count }, (_, k) => {
      const externalId = `${ids[k % ids.length]}-${k}`;
      if (k % every === 1)
        return {
          externalId,
          outcome: 'rejected',
          errors: [{ field: 'fields.é', code: 'invalid_format', message: `not "ok" \\ ${k} ],[` }],
        };
      return {
        externalId,
        outcome: k % 3 === 0 ? 'updated' : 'created',
        ...(dryRun ? {} : { id: `00000000-0000-4000-8000-${k.toString().padStart(12, '0')}` }),
        contentHash: k.toString(16).padStart(64, 'a'),
        ...(k % every === 2 ? { deferred: ['manager', 'é'] } : {}),
      };
    });
    const rejected = results.filter((r) => r.outcome === 'rejected').length;
    return {
      entity: 'customers',
      source: 's',
      dryRun,
      counts: { created: count - rejected, updated: 0, unchanged: 0, rejected },
      results,
    };
  });

/** A server answering each import with the compact form of the answer queued for its batch, in small writes. */
let server: Server;
let url: string;
const answers = new Map<string, ImportBatchResponse>();

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      const response = answers.get(String(req.headers['idempotency-key'])) as ImportBatchResponse;
      const bytes = Buffer.from(JSON.stringify(encodeCompactImport(response)), 'utf8');
      res.writeHead(200, { 'content-type': `${COMPACT_IMPORT_MEDIA_TYPE}; charset=utf-8` });
      // Written in pieces of odd sizes, so the client reads several chunks into a pooled buffer.
      for (let at = 0; at < bytes.length; at += 40_009) {
        res.write(bytes.subarray(at, at + 40_009));
        await new Promise((resolve) => setImmediate(resolve));
      }
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the compact answer read by CoreClient (property)', () => {
  it(
    'is the answer, for batches read at once through the reused body buffers',
    async () => {
      const client = new CoreClient({ url, token: 't', connections: 4 });
      try {
        await fc.assert(
          fc.asyncProperty(fc.array(answer, { minLength: 1, maxLength: 4 }), async (batch) => {
            const keys = batch.map((response, k) => {
              const key = `k-${answers.size}-${k}`;
              answers.set(key, response);
              return key;
            });
            const read = await Promise.all(
              batch.map((response, k) =>
                client.importBatch('customers', '{}', {
                  dryRun: response.dryRun,
                  idempotencyKey: keys[k] as string,
                  externalIds: response.results.map((r) => r.externalId),
                }),
              ),
            );
            read.forEach((got, k) => {
              expect(got).toEqual(batch[k]);
            });
          }),
          fuzzOptions(RUNS),
        );
      } finally {
        await client.close();
      }
    },
    fuzzTimeout(RUNS),
  );
});

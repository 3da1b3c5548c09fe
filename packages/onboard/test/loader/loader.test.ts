import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CoreClient } from '../../src/loader/core-client.ts';
import { CoreRequestError, CoreUnavailableError } from '../../src/loader/core-errors.ts';
import { type LoadBatch, Loader } from '../../src/loader/loader.ts';
import { type FaultServer, startFaultServer } from './fault-server.ts';

const TOKEN = 'secret-token-abc';

function batch(seq: number, ids: readonly string[]): LoadBatch {
  return {
    runId: 'run1',
    taskId: 'customer#0',
    seq,
    entity: 'customer',
    source: 'vendor-x',
    deferUnresolved: false,
    dryRun: false,
    records: ids.map((id) => JSON.stringify({ externalId: id, fields: { name: id } })),
    externalIds: ids,
  };
}

describe('Loader against a fault-injecting server', () => {
  let server: FaultServer;
  let client: CoreClient;
  let loader: Loader;

  beforeAll(async () => {
    server = await startFaultServer();
    client = new CoreClient({
      url: server.url,
      token: TOKEN,
      connections: 2,
      retry: { maxAttempts: 5, baseDelayMs: 5, maxDelayMs: 400 },
    });
    loader = new Loader(client, 2);
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });
  beforeEach(() => {
    server.faults.length = 0;
    server.seen.length = 0;
  });

  it('sends one request with the token, the entity and an idempotency key, and returns results in order', async () => {
    const results = await loader.load(batch(0, ['a', 'b', 'c']));
    expect(results.map((r) => r.externalId)).toEqual(['a', 'b', 'c']);
    expect(server.seen).toHaveLength(1);
    const [request] = server.seen;
    expect(request?.url).toBe('/v1/import/customer');
    expect(request?.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers['idempotency-key']).toMatch(/^onb-/);
    expect(JSON.parse(request?.body ?? '')).toEqual({
      source: 'vendor-x',
      records: [
        { externalId: 'a', fields: { name: 'a' } },
        { externalId: 'b', fields: { name: 'b' } },
        { externalId: 'c', fields: { name: 'c' } },
      ],
    });
  });

  it('retries 503, 429 and dropped connections with the same idempotency key and body', async () => {
    server.faults.push({ status: 503 }, 'reset', { status: 429 }, { status: 502 });
    const results = await loader.load(batch(7, ['x', 'y']));
    expect(results).toHaveLength(2);
    expect(server.seen).toHaveLength(5);
    const keys = new Set(server.seen.map((r) => r.headers['idempotency-key']));
    const bodies = new Set(server.seen.map((r) => r.body));
    expect(keys.size).toBe(1);
    expect(bodies.size).toBe(1);
  });

  it('gives the same batch the same key across loaders, and another batch another key', async () => {
    await loader.load(batch(1, ['p']));
    await new Loader(client, 1).load(batch(1, ['p']));
    await loader.load(batch(2, ['p']));
    const keys = server.seen.map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('waits at least Retry-After before the next attempt', async () => {
    server.faults.push({ status: 429, retryAfter: '0.3' });
    await loader.load(batch(3, ['r']));
    expect(server.seen).toHaveLength(2);
    const [first, second] = server.seen;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(290);
  });

  it('gives up after maxAttempts with CoreUnavailableError', async () => {
    for (let i = 0; i < 5; i++) server.faults.push({ status: 503 });
    await expect(loader.load(batch(4, ['z']))).rejects.toBeInstanceOf(CoreUnavailableError);
    expect(server.seen).toHaveLength(5);
  });

  it('does not retry a 4xx, and names core’s problem code without the token', async () => {
    server.faults.push({
      status: 422,
      body: JSON.stringify({ status: 422, code: 'invalid_body', detail: 'bad' }),
    });
    const error = await loader.load(batch(5, ['q'])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoreRequestError);
    expect((error as CoreRequestError).code).toBe('invalid_body');
    expect(String((error as Error).message)).not.toContain(TOKEN);
    expect(server.seen).toHaveLength(1);
  });

  it('stops waiting when aborted', async () => {
    server.faults.push({ status: 503, retryAfter: '10' });
    const controller = new AbortController();
    const pending = loader.load(batch(6, ['s']), controller.signal);
    setTimeout(() => controller.abort(new Error('stop')), 50);
    await expect(pending).rejects.toThrow('stop');
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    const batches = Array.from({ length: 6 }, (_, i) => loader.load(batch(10 + i, [`c${i}`])));
    const results = await Promise.all(batches);
    expect(results.flat().map((r) => r.externalId)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
  });
});

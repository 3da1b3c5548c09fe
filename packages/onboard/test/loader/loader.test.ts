import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CoreClient } from '../../src/loader/core-client.ts';
import { CoreRequestError, CoreUnavailableError } from '../../src/loader/core-errors.ts';
import { type LoadBatch, Loader } from '../../src/loader/loader.ts';
import { batchEnvelope } from '../../src/loader/record-batcher.ts';
import { RequestBody } from '../../src/loader/request-body.ts';
import { throttledRetries, waitingLine } from '../../src/loader/with-retry.ts';
import { type FaultServer, startFaultServer } from './fault-server.ts';

const TOKEN = 'secret-token-abc';

function batch(seq: number, ids: readonly string[]): LoadBatch {
  return {
    runId: 'run1',
    taskId: 'customer#0',
    seq,
    entity: 'customer',
    dryRun: false,
    body: RequestBody.of(
      batchEnvelope('vendor-x', false),
      ids.map((id) => JSON.stringify({ externalId: id, fields: { name: id } })),
    ),
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
      retry: { budgetMs: 60_000, maxAttempts: 5, baseDelayMs: 5, maxDelayMs: 400 },
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

  it('does not retry a 4xx that is not about the records, and names core’s problem code without the token', async () => {
    server.faults.push({
      status: 403,
      body: JSON.stringify({ status: 403, code: 'forbidden', detail: 'not yours' }),
    });
    const error = await loader.load(batch(5, ['q'])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoreRequestError);
    expect((error as CoreRequestError).code).toBe('forbidden');
    expect(String((error as Error).message)).not.toContain(TOKEN);
    expect(server.seen).toHaveLength(1);
  });

  it('retries 408 (request timeout) like 429', async () => {
    server.faults.push({ status: 408 }, { status: 408 });
    const results = await loader.load(batch(8, ['t']));
    expect(results.map((r) => r.outcome)).toEqual(['created']);
    expect(server.seen).toHaveLength(3);
  });

  it('gives up once the retry budget is spent, however many attempts that was', async () => {
    const quick = new CoreClient({
      url: server.url,
      token: TOKEN,
      retry: { budgetMs: 300, baseDelayMs: 5, maxDelayMs: 40 },
    });
    const waits: string[] = [];
    const noted = new CoreClient({
      url: server.url,
      token: TOKEN,
      retry: { budgetMs: 300, baseDelayMs: 5, maxDelayMs: 40 },
      onRetry: (info) => waits.push(waitingLine(info)),
    });
    server.decide = () => ({ status: 503 });
    try {
      const error = await new Loader(quick, 1).load(batch(9, ['u'])).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CoreUnavailableError);
      expect((error as Error).message).toMatch(
        /^core at http:\/\/127\.0\.0\.1:\d+ unavailable: gave up after \d+ attempts/,
      );
      expect((error as Error).message).toContain('retry budget 0 s');
      expect(server.seen.length).toBeGreaterThan(3);
      await new Loader(noted, 1).load(batch(9, ['u'])).catch(() => {});
      expect(waits[0]).toMatch(
        /^waiting for core at http:\/\/127\.0\.0\.1:\d+ \(HTTP 503\), retrying for up to 1 more s$/,
      );
    } finally {
      server.decide = undefined;
      await quick.close();
      await noted.close();
    }
  });

  it('passes on at most one wait a second to the person watching, and any whose reason changed', () => {
    let clock = 0;
    const seen: string[] = [];
    const listener = throttledRetries(
      (info) => seen.push(`${clock}:${info.reason}`),
      1000,
      () => clock,
    );
    const wait = (reason: string) =>
      listener({ attempt: 1, delayMs: 100, reason, target: 'core at http://core', remainingMs: 1000 });
    for (clock = 0; clock < 2500; clock += 100) wait('HTTP 503');
    clock = 2550;
    wait('network error ECONNREFUSED');
    expect(seen).toEqual(['0:HTTP 503', '1000:HTTP 503', '2000:HTTP 503', '2550:network error ECONNREFUSED']);
  });

  it('isolates the record core refuses a whole batch for (400), rejects it with core’s reason, loads the rest', async () => {
    server.decide = (request) =>
      request.body.includes('"poison"')
        ? {
            status: 400,
            body: JSON.stringify({ status: 400, code: 'invalid_request', detail: 'cannot read' }),
          }
        : undefined;
    try {
      const results = await loader.load(batch(20, ['a', 'poison', 'c', 'd', 'e']));
      expect(results.map((r) => [r.externalId, r.outcome])).toEqual([
        ['a', 'created'],
        ['poison', 'rejected'],
        ['c', 'created'],
        ['d', 'created'],
        ['e', 'created'],
      ]);
      expect(results[1]?.errors?.[0]).toMatchObject({ code: 'invalid_request' });
      expect(results[1]?.errors?.[0]?.message).toContain('cannot read');
      const keys = server.seen.map((r) => String(r.headers['idempotency-key']));
      const whole = keys[0] as string;
      expect(keys.slice(1)).toContain(`${whole}~probe`);
      expect(keys.slice(1)).toContain(`${whole}~0-2`);
      // Loading the same batch again sends the same keys (a resume replays them).
      const before = server.seen.length;
      await loader.load(batch(20, ['a', 'poison', 'c', 'd', 'e']));
      expect(server.seen.slice(before).map((r) => String(r.headers['idempotency-key']))).toEqual(keys);
    } finally {
      server.decide = undefined;
    }
  });

  it('looks for a poison record after a 500 that persists, but not when core refuses an empty batch too', async () => {
    server.decide = (request) => (request.body.includes('"bad"') ? { status: 500 } : undefined);
    try {
      const results = await loader.load(batch(21, ['x', 'bad']));
      expect(results.map((r) => r.outcome)).toEqual(['created', 'rejected']);
      expect(server.seen.filter((r) => r.body.includes('"bad"')).length).toBe(3 + 3);
    } finally {
      server.decide = undefined;
    }
    server.decide = () => ({ status: 400, body: JSON.stringify({ status: 400, code: 'invalid_request' }) });
    server.seen.length = 0;
    try {
      const error = await loader.load(batch(22, ['y', 'z'])).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CoreRequestError);
      expect(server.seen.filter((r) => r.body.includes('"records":[]')).length).toBe(1);
    } finally {
      server.decide = undefined;
    }
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

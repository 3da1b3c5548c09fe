import type { Problem } from '@madeup/contract';
import { describeEachDialect } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { useCore } from '../support/core-fixture.ts';
import { ANSWER_MS, postHead, rawRequest } from '../support/raw-http.ts';
import { customer } from '../support/sample-records.ts';

const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
const problemOf = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as Problem;

// Transport-level behaviour is the same whatever the tenant's dialect.
describeEachDialect(
  'slow and anonymous uploads',
  (target) => {
    // Short timeouts keep the test quick; the defaults are 60 s (request) and 10 s (headers).
    const quick = useCore(target, { requestTimeoutMs: 1500, headersTimeoutMs: 1000 });
    const bounded = useCore(target, { maxBodiesInFlight: 3, maxTenantBodiesInFlight: 2 });

    it('refuses a body without a valid token before reading it, and closes the connection', async () => {
      for (const auth of [{}, { authorization: 'Bearer mut_not-a-token' }]) {
        const upload = await rawRequest(quick().core.url, postHead('/v1/import/customers', 8_000_000, auth));
        upload.socket.write('{"source":"s","records":[');
        // Answered while 7.99 MB are still unsent: the body was not awaited.
        expect(await upload.receivedMatch(/\r\n\r\n\{.*\}$/s)).toBe(true);
        expect(statusOf(upload.received())).toBe(401);
        expect(problemOf(upload.received()).code).toBe('unauthorized');
        expect(upload.received()).toMatch(/connection: close/i);
        expect(await upload.closed()).toBe(true);
      }
    });

    it('cuts off a body that arrives too slowly with 408, and headers that never end', async () => {
      const api = await quick().shared();
      const slow = await rawRequest(
        quick().core.url,
        postHead('/v1/import/customers', 1000, { authorization: `Bearer ${api.token}` }),
      );
      slow.socket.write('{"source":');
      expect(await slow.closed()).toBe(true);
      expect(statusOf(slow.received())).toBe(408);
      expect(problemOf(slow.received()).code).toBe('request_timeout');
      const stuck = await rawRequest(quick().core.url, 'GET /v1/schema HTTP/1.1\r\nhost: x\r\n');
      expect(await stuck.closed()).toBe(true);
      expect(statusOf(stuck.received())).toBe(408);
    });

    /** Waits until core's gauge of admitted bodies shows `n` (or fails after `ANSWER_MS`). */
    const bodiesInFlightReach = async (n: number) => {
      const started = Date.now();
      for (;;) {
        const text = await fetch(`${bounded().core.url}/metrics`).then((r) => r.text());
        const value = Number(/^madeup_http_bodies_in_flight (\d+)$/m.exec(text)?.[1]);
        if (value === n) return;
        if (Date.now() - started > ANSWER_MS) throw new Error(`bodies in flight stayed ${value}, not ${n}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    it('bounds the bodies in flight per tenant (429) and in all (503), and frees them', async () => {
      const one = await bounded().tenant('one');
      const two = await bounded().tenant('two');
      const open = async (token: string) => {
        const upload = await rawRequest(
          bounded().core.url,
          postHead('/v1/import/customers', 100_000, { authorization: `Bearer ${token}` }),
        );
        upload.socket.write('{"source":"s",');
        return upload;
      };
      const held: Awaited<ReturnType<typeof open>>[] = [];
      // One at a time, each admitted (counted in /metrics) before the next, so which are held is certain.
      for (const token of [one.token, one.token, two.token]) {
        held.push(await open(token));
        await bodiesInFlightReach(held.length);
      }
      const perTenant = await open(one.token);
      expect(await perTenant.closed()).toBe(true);
      expect([statusOf(perTenant.received()), problemOf(perTenant.received()).code]).toEqual([
        429,
        'rate_limited',
      ]);
      expect(perTenant.received()).toMatch(/retry-after: 1/i);
      const overall = await open(two.token);
      expect(await overall.closed()).toBe(true);
      expect([statusOf(overall.received()), problemOf(overall.received()).code]).toEqual([
        503,
        'server_busy',
      ]);
      expect(overall.received()).toMatch(/retry-after: 1/i);
      for (const upload of held) upload.socket.destroy();
      await bodiesInFlightReach(0);
      const after = await Promise.all(
        [one, one, two].map((api) =>
          api.post('/v1/import/customers', { source: 'b', records: [customer('x')] }),
        ),
      );
      expect(after.map((r) => r.status)).toEqual([200, 200, 200]);
    });
  },
  ['sqlite'],
);

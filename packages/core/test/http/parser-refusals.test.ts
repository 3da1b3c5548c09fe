import type { Problem } from '@madeup/contract';
import { describeEachDialect } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { useCore } from '../support/core-fixture.ts';
import { rawRequest } from '../support/raw-http.ts';

/** The status, content type and problem of a raw HTTP/1.1 response (first response only). */
function parseRaw(text: string): { status: number; contentType: string; problem: Problem } {
  const split = text.indexOf('\r\n\r\n');
  const head = text.slice(0, split);
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
  const contentType = /^content-type: ([^\r\n]+)/im.exec(head)?.[1] ?? '';
  const length = Number(/^content-length: (\d+)/im.exec(head)?.[1] ?? Number.NaN);
  const body = text.slice(split + 4, split + 4 + length);
  let problem: Problem;
  try {
    problem = JSON.parse(body) as Problem;
  } catch {
    throw new Error(`the answer is not a JSON problem: ${JSON.stringify(text.slice(0, 300))}`);
  }
  return { status, contentType, problem };
}

/** Sends `text` on a new connection; the answer once the server has closed it. */
async function refused(url: string, text: string): Promise<ReturnType<typeof parseRaw>> {
  const exchange = await rawRequest(url, text);
  const closed = await exchange.closed();
  if (!closed)
    throw new Error(`the server kept the connection open after ${JSON.stringify(text.slice(0, 80))}`);
  return parseRaw(exchange.received());
}

/** One refused request: what is sent, the status and code expected, and words the detail must hold. */
interface Refusal {
  readonly what: string;
  readonly text: (token: string) => string;
  readonly status: number;
  readonly code: string;
  readonly detail: RegExp;
}

const post = (token: string, lines: string) =>
  `POST /v1/import/customers HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${token}\r\n` +
  `content-type: application/json\r\n${lines}`;
const body = '{"source":"s","records":[]}';

const REFUSALS: readonly Refusal[] = [
  {
    what: 'HTTP/1.1 without Host',
    text: () => 'GET /v1/schema HTTP/1.1\r\n\r\n',
    status: 400,
    code: 'missing_host_header',
    detail: /Host header/,
  },
  {
    what: 'HTTP/1.1 POST without Host',
    text: (token) =>
      `POST /v1/import/customers HTTP/1.1\r\nauthorization: Bearer ${token}\r\ncontent-type: application/json\r\n` +
      `content-length: ${body.length}\r\n\r\n${body}`,
    status: 400,
    code: 'missing_host_header',
    detail: /Host header/,
  },
  {
    what: 'two Host lines',
    text: () => 'GET /v1/schema HTTP/1.1\r\nhost: a\r\nHost: b\r\n\r\n',
    status: 400,
    code: 'invalid_header',
    detail: /2 Host header lines/,
  },
  {
    what: 'two Host lines in HTTP/1.0',
    text: () => 'GET /v1/schema HTTP/1.0\r\nhost: a\r\nhost: a\r\n\r\n',
    status: 400,
    code: 'invalid_header',
    detail: /2 Host header lines/,
  },
  {
    what: 'a Host that is no host[:port]',
    text: () => 'GET /v1/schema HTTP/1.1\r\nhost: user@evil.example/x\r\n\r\n',
    status: 400,
    code: 'invalid_header',
    detail: /not host\[:port\].*user@evil/,
  },
  {
    what: 'a Host with a port that is no number',
    text: () => 'GET /v1/schema HTTP/1.1\r\nhost: core.internal:80a\r\n\r\n',
    status: 400,
    code: 'invalid_header',
    detail: /not host\[:port\]/,
  },
  {
    what: 'a space in a header name',
    text: () => 'GET /v1/schema HTTP/1.1\r\nhost: x\r\nba d: 1\r\n\r\n',
    status: 400,
    code: 'invalid_header',
    detail: /header/,
  },
  {
    what: 'a header line without a colon',
    text: () => 'GET /v1/schema HTTP/1.1\r\nhost: x\r\nbad header\r\n\r\n',
    status: 400,
    code: 'invalid_header',
    detail: /header/,
  },
  {
    what: 'a control character in a header value',
    text: () => 'GET /v1/schema HTTP/1.1\r\nhost: x\r\nx-a: a\u0001b\r\n\r\n',
    status: 400,
    code: 'invalid_header',
    detail: /header value/,
  },
  {
    what: 'NUL in a header value',
    text: () => 'GET /v1/schema HTTP/1.1\r\nhost: x\r\nx-a: a\u0000b\r\n\r\n',
    status: 400,
    code: 'invalid_header',
    detail: /header value/,
  },
  {
    what: 'a folded header line',
    text: () => 'GET /v1/schema HTTP/1.1\r\nhost: x\r\nx-a: a\r\n  b\r\n\r\n',
    status: 400,
    code: 'invalid_header',
    detail: /header/,
  },
  {
    what: 'headers over 16 KiB',
    text: () => `GET /v1/schema HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`,
    status: 431,
    code: 'headers_too_large',
    detail: /size limit/,
  },
  {
    what: 'a Content-Length that is not a number',
    text: (token) => post(token, 'content-length: abc\r\n\r\n'),
    status: 400,
    code: 'invalid_content_length',
    detail: /Content-Length/,
  },
  {
    what: 'a negative Content-Length',
    text: (token) => post(token, 'content-length: -1\r\n\r\n'),
    status: 400,
    code: 'invalid_content_length',
    detail: /Content-Length/,
  },
  {
    what: 'a Content-Length past 2^64',
    text: (token) => post(token, `content-length: ${'9'.repeat(30)}\r\n\r\n`),
    status: 400,
    code: 'invalid_content_length',
    detail: /Content-Length/,
  },
  {
    what: 'two different Content-Lengths',
    text: (token) => post(token, `content-length: 1\r\ncontent-length: ${body.length}\r\n\r\n${body}`),
    status: 400,
    code: 'invalid_content_length',
    detail: /Content-Length/,
  },
  {
    what: 'Content-Length with chunked',
    text: (token) =>
      post(token, `content-length: ${body.length}\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n`),
    status: 400,
    code: 'invalid_transfer_encoding',
    detail: /Transfer-Encoding/,
  },
  {
    what: 'a Transfer-Encoding without chunked last',
    text: (token) => post(token, 'transfer-encoding: chunked, gzip\r\n\r\n'),
    status: 400,
    code: 'invalid_transfer_encoding',
    detail: /Transfer-Encoding/,
  },
  {
    what: 'a chunk size that is not hexadecimal',
    text: (token) => post(token, 'transfer-encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n'),
    status: 400,
    code: 'invalid_chunked_body',
    detail: /chunk/,
  },
  {
    what: 'a chunk longer than its size',
    text: (token) => post(token, `transfer-encoding: chunked\r\n\r\n3\r\n${body}\r\n0\r\n\r\n`),
    status: 400,
    code: 'invalid_chunked_body',
    detail: /chunk/,
  },
  {
    what: 'chunk extensions over the limit',
    text: (token) =>
      post(token, `transfer-encoding: chunked\r\n\r\n3;${'e'.repeat(20_000)}\r\nabc\r\n0\r\n\r\n`),
    status: 400,
    code: 'invalid_chunked_body',
    detail: /chunk/,
  },
  {
    what: 'a method with a bad character',
    text: () => 'G@T /v1/schema HTTP/1.1\r\nhost: x\r\n\r\n',
    status: 400,
    code: 'malformed_request',
    detail: /request line/,
  },
  {
    what: 'a space inside the path',
    text: () => 'GET /v1/sch ema HTTP/1.1\r\nhost: x\r\n\r\n',
    status: 400,
    code: 'malformed_request',
    detail: /request line/,
  },
  {
    what: 'an unknown HTTP version',
    text: () => 'GET /v1/schema HTTP/9.1\r\nhost: x\r\n\r\n',
    status: 400,
    code: 'malformed_request',
    detail: /request line/,
  },
  {
    what: 'HTTP/2 with prior knowledge',
    text: () => 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
    status: 400,
    code: 'malformed_request',
    detail: /HTTP\/2/,
  },
];

// The HTTP parser is the same whatever the tenant's dialect.
describeEachDialect(
  'what the HTTP parser refuses',
  (target) => {
    const fixture = useCore(target);

    for (const refusal of REFUSALS)
      it(`answers ${refusal.what} with ${refusal.status} ${refusal.code} as problem+json, then closes`, async () => {
        const { core } = fixture();
        const tenant = await fixture().shared();
        const answer = await refused(core.url, refusal.text(tenant.token));
        expect([answer.status, answer.problem.code]).toEqual([refusal.status, refusal.code]);
        expect(answer.contentType).toMatch(/^application\/problem\+json(;|$)/);
        expect(answer.problem.type).toBe(`https://madeup.example/problems/${refusal.code}`);
        expect(answer.problem.detail).toMatch(refusal.detail);
        const health = await fetch(`${core.url}/healthz`);
        expect(health.status).toBe(200);
      });

    it('answers 401 to a chunked upload without a token, then a broken chunk changes nothing', async () => {
      const { core } = fixture();
      const exchange = await rawRequest(
        core.url,
        'POST /v1/import/customers HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n' +
          'transfer-encoding: chunked\r\n\r\n',
      );
      expect(await exchange.receivedMatch(/\r\n\r\n\{.*\}$/s)).toBe(true);
      exchange.socket.write('zz\r\nabc\r\n');
      expect(await exchange.closed()).toBe(true);
      const answer = parseRaw(exchange.received());
      expect([answer.status, answer.problem.code]).toEqual([401, 'unauthorized']);
      expect((await fetch(`${core.url}/healthz`)).status).toBe(200);
    });

    it('accepts HTTP/1.0 without Host, and HTTP/1.1 with an empty Host', async () => {
      const { core } = fixture();
      const old = await rawRequest(core.url, 'GET /healthz HTTP/1.0\r\n\r\n');
      expect(await old.receivedMatch(/^HTTP\/1\.1 200 /)).toBe(true);
      old.socket.destroy();
      const empty = await rawRequest(core.url, 'GET /healthz HTTP/1.1\r\nhost:\r\nconnection: close\r\n\r\n');
      expect(await empty.receivedMatch(/^HTTP\/1\.1 200 /)).toBe(true);
      empty.socket.destroy();
    });

    it('accepts every Host form RFC 9112 allows', async () => {
      const { core } = fixture();
      for (const host of [
        'core.internal',
        '127.0.0.1:8080',
        '[::1]:8080',
        '[::1]',
        'a-b.example:',
        'x%41y',
      ]) {
        const answer = await rawRequest(
          core.url,
          `GET /healthz HTTP/1.1\r\nhost: ${host}\r\nconnection: close\r\n\r\n`,
        );
        expect(await answer.receivedMatch(/^HTTP\/1\.1 200 /), host).toBe(true);
        answer.socket.destroy();
      }
    });

    it('stays up after every refusal sent at once, many times over', async () => {
      const { core } = fixture();
      const tenant = await fixture().shared();
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => REFUSALS.map((r) => refused(core.url, r.text(tenant.token)))).flat(),
      );
      expect(answers.map((a) => a.problem.code)).toEqual(
        Array.from({ length: 5 }, () => REFUSALS.map((r) => r.code)).flat(),
      );
      const health = await fetch(`${core.url}/healthz`);
      expect(health.status).toBe(200);
    });
  },
  ['sqlite'],
);

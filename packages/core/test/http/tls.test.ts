import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type RunningCore, startCore } from '@madeup/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogs } from '../support/core-fixture.ts';
import { type SpawnedCore, spawnCore } from '../support/spawn-core.ts';

const exec = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/madeup-core.js', import.meta.url));

/** GET over HTTPS trusting only `ca`: status and body. */
function httpsGet(url: string, ca: Buffer, token = ''): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += String(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('TLS', () => {
  let dir = '';
  let cert: Buffer;
  let inProcess: RunningCore;
  let child: SpawnedCore;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'madeup-tls-'));
    // A self-signed certificate for 127.0.0.1, made for this test only.
    await exec('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ]);
    cert = await readFile(join(dir, 'cert.pem'));
    inProcess = await startCore({
      dataDir: join(dir, 'a'),
      tls: { certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') },
      logDestination: silentLogs(),
    });
    child = await spawnCore(['--data-dir', join(dir, 'b')], {
      MADEUP_TLS_CERT: join(dir, 'cert.pem'),
      MADEUP_TLS_KEY: join(dir, 'key.pem'),
    });
  });
  afterAll(async () => {
    await child?.stop();
    await inProcess?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves HTTPS (options or MADEUP_TLS_*), with HSTS; plain HTTP to the port fails', async () => {
    for (const url of [inProcess.url, child.url]) {
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const health = await httpsGet(`${url}/healthz`, cert);
      expect(health.status).toBe(200);
      await expect(fetch(`${url.replace('https:', 'http:')}/healthz`)).rejects.toThrow();
    }
    const schema = await new Promise<string | string[] | undefined>((resolve, reject) =>
      request(`${inProcess.url}/v1/schema`, { ca: cert }, (res) => {
        res.resume();
        resolve(res.headers['strict-transport-security']);
      })
        .on('error', reject)
        .end(),
    );
    expect(schema).toContain('max-age=');
  });

  it('refuses a client that does not trust the certificate', async () => {
    await expect(fetch(`${inProcess.url}/healthz`)).rejects.toThrow();
  });

  it('the CLI reaches an HTTPS core when Node trusts its CA (NODE_EXTRA_CA_CERTS)', async () => {
    const created = await exec(
      process.execPath,
      [BIN, 'tenant', 'create', 'tls-co', '--server', inProcess.url],
      {
        env: {
          ...process.env,
          MADEUP_ADMIN_TOKEN: inProcess.adminToken ?? '',
          NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem'),
        },
      },
    );
    expect(created.stdout).toContain(`created tenant tls-co (sqlite) on ${inProcess.url}`);
    const token = /token \(shown once\): (mut_\S+)/.exec(created.stdout)?.[1] ?? '';
    const whoami = await httpsGet(`${inProcess.url}/v1/whoami`, cert, token);
    expect([whoami.status, JSON.parse(whoami.body).tenantId]).toEqual([200, 'tls-co']);
  });

  it('serve refuses half a TLS configuration', async () => {
    const half = await exec(process.execPath, [
      BIN,
      'serve',
      '--port',
      '0',
      '--data-dir',
      join(dir, 'c'),
      '--tls-cert',
      join(dir, 'cert.pem'),
    ]).catch((e: { code: number; stderr: string }) => e);
    expect(half).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('give both --tls-cert and --tls-key'),
    });
  });
});

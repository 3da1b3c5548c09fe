import { type PrivateServer, startPrivateMariadb, startPrivatePostgres } from '@madeup/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult, Partition } from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import { kindOf } from '../../src/errors/kind-of.ts';
import { makeCertificates, type TestCertificates } from '../support/test-certificates.ts';

/**
 * Checks the connection to `sourceUrl` (its failure is the result), then reads the first row of
 * `sql` as a custom query through the connector, over the same kind of connection.
 */
async function checkAndReadRow(
  sourceUrl: string,
  sql: string,
): Promise<Exclude<CheckResult, { ok: true }> | { ok: true; row: Record<string, unknown> | undefined }> {
  const connector = openConnector({ url: sourceUrl, queries: [{ name: 'tls', sql }], onWarning: () => {} });
  try {
    const checked = await connector.check();
    if (!checked.ok) return checked;
    const stream = (await connector.discover()).find((s) => s.name === 'tls');
    if (stream === undefined) throw new Error('custom query not discovered');
    const [partition] = await connector.partition(stream, 10);
    const rows: Record<string, unknown>[] = [];
    for await (const batch of connector.read(stream, partition as Partition, { batchSize: 10 }))
      rows.push(...batch);
    return { ok: true, row: rows[0] };
  } finally {
    await connector.close();
  }
}

/**
 * Source TLS against a private PostgreSQL with ssl=on and a certificate for `localhost` signed by
 * a CA the test makes: each sslmode connects (or refuses) as libpq documents, and a connection
 * that should be encrypted is, as the server itself reports (pg_stat_ssl).
 */
describe('PostgreSQL source TLS (private server with ssl=on)', () => {
  let server: PrivateServer;
  let certs: TestCertificates;

  beforeAll(async () => {
    server = await startPrivatePostgres({
      prepare: async (dir) => {
        certs = await makeCertificates(dir);
        return { ssl: 'on', ssl_cert_file: certs.serverCert, ssl_key_file: certs.serverKey };
      },
    });
  }, 120_000);
  afterAll(async () => {
    await server?.destroy();
  });

  const url = (host: string, options: string) =>
    `${server.url.replace('127.0.0.1', host)}/postgres?${options}`;

  /** Checks the connection, then asks the server whether this very connection is encrypted. */
  async function connect(sourceUrl: string): Promise<CheckResult | { ok: true; encrypted: boolean }> {
    const result = await checkAndReadRow(
      sourceUrl,
      'SELECT ssl AS encrypted FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
    );
    return result.ok ? { ok: true, encrypted: result.row?.['encrypted'] === true } : result;
  }

  it('verify-full with the right CA and the certificate’s host name connects, encrypted', async () => {
    expect(await connect(url('localhost', `sslmode=verify-full&sslrootcert=${certs.ca}`))).toEqual({
      ok: true,
      encrypted: true,
    });
  });

  it('verify-full refuses a certificate signed by another CA, with a clear reason', async () => {
    const result = await connect(url('localhost', `sslmode=verify-full&sslrootcert=${certs.otherCa}`));
    expect(result).toMatchObject({ ok: false, code: 'tls_failed' });
    expect((result as { message: string }).message).toMatch(
      /^the TLS certificate of PostgreSQL at localhost:\d+ was refused \((SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)/,
    );
  });

  it('verify-full refuses a host the certificate is not for; verify-ca does not check the host', async () => {
    const wrongHost = await connect(url('127.0.0.1', `sslmode=verify-full&sslrootcert=${certs.ca}`));
    expect(wrongHost).toMatchObject({ ok: false, code: 'tls_failed' });
    expect((wrongHost as { message: string }).message).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(await connect(url('127.0.0.1', `sslmode=verify-ca&sslrootcert=${certs.ca}`))).toEqual({
      ok: true,
      encrypted: true,
    });
    expect(await connect(url('127.0.0.1', `sslmode=verify-ca&sslrootcert=${certs.otherCa}`))).toMatchObject({
      ok: false,
      code: 'tls_failed',
    });
  });

  it('require encrypts without checking; with sslrootcert it verifies the CA, as libpq does', async () => {
    expect(await connect(url('127.0.0.1', 'sslmode=require'))).toEqual({ ok: true, encrypted: true });
    expect(await connect(url('127.0.0.1', 'ssl=true'))).toEqual({ ok: true, encrypted: true });
    expect(await connect(url('127.0.0.1', `sslmode=require&sslrootcert=${certs.otherCa}`))).toMatchObject({
      ok: false,
      code: 'tls_failed',
    });
    expect(await connect(url('127.0.0.1', `sslmode=require&sslrootcert=${certs.ca}`))).toEqual({
      ok: true,
      encrypted: true,
    });
  });

  it('disable connects in plain text', async () => {
    expect(await connect(url('127.0.0.1', 'sslmode=disable'))).toEqual({ ok: true, encrypted: false });
    expect(await connect(url('127.0.0.1', ''))).toEqual({ ok: true, encrypted: false });
  });

  it('refuses modes that fall back to plain text silently, and verify modes without a CA, as config errors', () => {
    for (const [options, message] of [
      ['sslmode=prefer', /sslmode=prefer is not supported: it falls back to plain text/],
      ['sslmode=allow', /sslmode=allow is not supported/],
      ['sslmode=verify-full', /sslmode=verify-full needs sslrootcert=FILE/],
      [
        'sslmode=verify-full&sslrootcert=/no/such/ca.crt',
        /sslrootcert=\/no\/such\/ca\.crt names a file that cannot be read \(ENOENT\)/,
      ],
      [
        'sslmode=maybe',
        /option sslmode="maybe" is invalid: sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full/,
      ],
    ] as const) {
      let error: unknown;
      try {
        openConnector({ url: url('localhost', options) });
      } catch (thrown) {
        error = thrown;
      }
      expect(kindOf(error)).toBe('config');
      expect((error as Error).message).toMatch(message);
    }
  });
});

/**
 * Source TLS against a private MariaDB started with the test's CA and server certificate: each
 * ssl-mode connects (or refuses) as the mysql client documents, and an encrypted connection is,
 * as the server reports (Ssl_cipher).
 */
describe('MariaDB source TLS (private server with ssl-ca/ssl-cert/ssl-key)', () => {
  let server: PrivateServer;
  let certs: TestCertificates;

  beforeAll(async () => {
    server = await startPrivateMariadb({
      prepare: async (dir) => {
        certs = await makeCertificates(dir);
        return { 'ssl-ca': certs.ca, 'ssl-cert': certs.serverCert, 'ssl-key': certs.serverKey };
      },
    });
  }, 120_000);
  afterAll(async () => {
    await server?.destroy();
  });

  const url = (host: string, options: string) => `${server.url.replace('127.0.0.1', host)}/mysql?${options}`;

  /** Checks the connection, then asks the server whether this very connection is encrypted. */
  async function connect(sourceUrl: string): Promise<CheckResult | { ok: true; encrypted: boolean }> {
    const result = await checkAndReadRow(
      sourceUrl,
      "SELECT VARIABLE_VALUE AS cipher FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'SSL_CIPHER'",
    );
    return result.ok ? { ok: true, encrypted: String(result.row?.['cipher'] ?? '') !== '' } : result;
  }

  it('VERIFY_IDENTITY with the right CA and the certificate’s host name connects, encrypted', async () => {
    expect(await connect(url('localhost', `ssl-mode=VERIFY_IDENTITY&ssl-ca=${certs.ca}`))).toEqual({
      ok: true,
      encrypted: true,
    });
  });

  it('VERIFY_CA and VERIFY_IDENTITY refuse a certificate signed by another CA, with a clear reason', async () => {
    for (const mode of ['VERIFY_CA', 'VERIFY_IDENTITY']) {
      const result = await connect(url('localhost', `ssl-mode=${mode}&ssl-ca=${certs.otherCa}`));
      expect(result).toMatchObject({ ok: false, code: 'tls_failed' });
      expect((result as { message: string }).message).toMatch(
        /^the TLS certificate of MySQL at localhost:\d+ was refused \(HANDSHAKE_SSL_ERROR: self-signed certificate in certificate chain\)/,
      );
    }
  });

  it('VERIFY_CA checks the CA but not the host; REQUIRED encrypts without checking; DISABLED is plain', async () => {
    expect(await connect(url('127.0.0.1', `ssl-mode=VERIFY_CA&ssl-ca=${certs.ca}`))).toEqual({
      ok: true,
      encrypted: true,
    });
    expect(await connect(url('127.0.0.1', 'ssl-mode=REQUIRED'))).toEqual({ ok: true, encrypted: true });
    expect(await connect(url('127.0.0.1', 'ssl-mode=disabled'))).toEqual({ ok: true, encrypted: false });
  });
});

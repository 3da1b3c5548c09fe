import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ENV, readEnv, readEnvInt } from '../../src/config/environment.ts';
import { redact, redactUrl, registerSecret } from '../../src/config/redact-url.ts';
import {
  FILE_URL_OPTIONS,
  MYSQL_URL_OPTIONS,
  POSTGRES_URL_OPTIONS,
} from '../../src/config/source-url-options.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import { kindOf } from '../../src/errors/kind-of.ts';
import { defaultLeaseMs } from '../../src/pipeline/run-lock.ts';
import { JsonProgress } from '../../src/progress/json-progress.ts';
import { LineProgress } from '../../src/progress/line-progress.ts';
import { jsonLines } from '../../src/worker/worker-events.ts';
import { runCli } from '../support/run-cli.ts';

function configErrorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    expect(kindOf(error)).toBe('config');
    return error as Error;
  }
  throw new Error('expected a config error');
}

describe('source URL options', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onboard-options-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses an invalid value, naming the option and what it accepts (not NaN)', () => {
    expect(configErrorOf(() => openConnector({ url: 'postgres://u@h/db?pool=abc' })).message).toBe(
      'the postgres:// URL option pool="abc" is invalid: pool must be a whole number from 1 to 100',
    );
    expect(configErrorOf(() => openConnector({ url: 'mysql://u@h/db?pool=0' })).message).toMatch(
      /pool="0" is invalid/,
    );
    expect(configErrorOf(() => openConnector({ url: 'mysql://u@h/db?ssl-mode=sometimes' })).message).toMatch(
      /ssl-mode must be one of DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY/,
    );
    expect(configErrorOf(() => openConnector({ url: `file:${dir}?format=xml` })).message).toMatch(
      /format="xml" is invalid: format must be one of csv, ndjson/,
    );
  });

  it('refuses an unknown or repeated option, listing the known ones', () => {
    expect(configErrorOf(() => openConnector({ url: 'postgres://u@h/db?sslmod=require' })).message).toBe(
      `the postgres:// URL option "sslmod" is not known; known options: ${Object.keys(POSTGRES_URL_OPTIONS).join(', ')} (docs/connectors.md)`,
    );
    expect(configErrorOf(() => openConnector({ url: 'mariadb://u@h/db?sslmode=require' })).message).toContain(
      `known options: ${Object.keys(MYSQL_URL_OPTIONS).join(', ')}`,
    );
    expect(configErrorOf(() => openConnector({ url: `sqlite:${dir}/x.sqlite?mode=ro` })).message).toMatch(
      /a sqlite: URL takes no options/,
    );
    expect(
      configErrorOf(() => openConnector({ url: `file:${dir}?delimiter=;&delimiter=,` })).message,
    ).toMatch(/"delimiter" is given twice/);
    expect(Object.keys(FILE_URL_OPTIONS)).toEqual(['format', 'encoding', 'delimiter', 'quote']);
  });

  it('accepts every declared option with a good value', async () => {
    const pg = openConnector({ url: 'postgres://u@h/db?pool=3&connect_timeout=2&sslmode=disable' });
    const my = openConnector({ url: 'mysql://u@h/db?pool=3&connect_timeout=2&ssl-mode=required' });
    const files = openConnector({ url: `file:${dir}?format=csv&encoding=latin1&delimiter=tab&quote='` });
    await Promise.all([pg.close(), my.close(), files.close()]);
  });

  it('are all documented in docs/connectors.md', async () => {
    const docs = await readFile(join(import.meta.dirname, '../../../../docs/connectors.md'), 'utf8');
    for (const specs of [POSTGRES_URL_OPTIONS, MYSQL_URL_OPTIONS, FILE_URL_OPTIONS])
      for (const name of Object.keys(specs)) expect(docs).toContain(`\`${name}\``);
  });

  it('MySQL TLS: PREFERRED and verification without a CA or against an IP host are refused', () => {
    expect(configErrorOf(() => openConnector({ url: 'mysql://u@h/db?ssl-mode=PREFERRED' })).message).toMatch(
      /ssl-mode=PREFERRED is not supported: it falls back to plain text/,
    );
    expect(configErrorOf(() => openConnector({ url: 'mysql://u@h/db?ssl-mode=VERIFY_CA' })).message).toMatch(
      /ssl-mode=VERIFY_CA needs ssl-ca=FILE/,
    );
    expect(
      configErrorOf(() =>
        openConnector({ url: `mysql://u@10.0.0.1/db?ssl-mode=VERIFY_IDENTITY&ssl-ca=${dir}/ca.pem` }),
      ).message,
    ).toMatch(/needs the host name the server's certificate is for, not the IP address 10\.0\.0\.1/);
  });
});

describe('environment variables', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  });

  it('declares every ONBOARD_ variable the source reads, one token name among them', () => {
    const names = Object.values(ENV).map((v) => v.name);
    // One name for core's token; the console's own token is another secret, for another purpose.
    expect(names.filter((n) => /TOKEN/.test(n))).toEqual(['ONBOARD_TOKEN', 'ONBOARD_CONSOLE_TOKEN']);
    expect(new Set(names).size).toBe(names.length);
  });

  it('is the only reader of the environment, and docs/running.md lists every variable', async () => {
    const root = join(import.meta.dirname, '../../src');
    const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.ts'));
    const declared = new Set<string>(
      Object.values(ENV).flatMap((v) => [v.name, ...('deprecated' in v ? v.deprecated : [])]),
    );
    for (const file of files) {
      const text = await readFile(join(root, file), 'utf8');
      if (!file.startsWith('config/'))
        expect({ file, reads: /process\.env/.test(text) }).toEqual({ file, reads: false });
      for (const [name] of text.matchAll(/\bONBOARD_[A-Z_]+\b/g))
        if (name !== 'ONBOARD_REJECTION_CODES')
          expect({ file, name, declared: declared.has(name) }).toEqual({ file, name, declared: true });
    }
    const docs = await readFile(join(import.meta.dirname, '../../../../docs/running.md'), 'utf8');
    for (const variable of Object.values(ENV)) expect(docs).toContain(`\`${variable.name}\``);
  });

  it('reads the old token name with a deprecation warning', async () => {
    delete process.env['ONBOARD_TOKEN'];
    process.env['ONBOARD_CORE_TOKEN'] = 'old-name-token';
    const result = await runCli('mapping', 'schema', '--core', 'http://127.0.0.1:9');
    expect(result.err).toContain(
      'onboard: warning: ONBOARD_CORE_TOKEN is deprecated and will be removed; set ONBOARD_TOKEN instead',
    );
    expect(readEnv('token')).toBe('old-name-token');
    process.env['ONBOARD_TOKEN'] = 'new-name-token';
    expect(readEnv('token')).toBe('new-name-token');
  });

  it('refuses a malformed number instead of ignoring it', () => {
    process.env['ONBOARD_RUN_LEASE_MS'] = '30s';
    expect(() => defaultLeaseMs()).toThrow(
      'ONBOARD_RUN_LEASE_MS must be a whole number of at least 100, got "30s"',
    );
    process.env['ONBOARD_RUN_LEASE_MS'] = '5000';
    expect(defaultLeaseMs()).toBe(5000);
    delete process.env['ONBOARD_RUN_LEASE_MS'];
    expect(readEnvInt('runLeaseMs', 100)).toBeUndefined();
  });
});

describe('the redaction rule', () => {
  it('hides URL passwords, secret parameters, bearer and core tokens, and every registered secret', () => {
    registerSecret('pw-registered-1234');
    expect(
      redact(
        'postgres://reader:hunter22@db/v?sslkey=/k&pool=2 Bearer abc.def mut_0123abcd mua_9876wxyz and pw-registered-1234 mysql://root:x@h/db',
      ),
    ).toBe('postgres://reader:***@db/v?sslkey=***&pool=2 Bearer *** *** *** and *** mysql://root:***@h/db');
    expect(redactUrl('http://u:p@core:8080/?token=abc')).toBe('http://u:***@core:8080/?token=***');
  });

  it('hides secrets in every log: JSON progress lines, worker events, plain progress notes', () => {
    registerSecret('tok-in-a-log-9876');
    const lines: string[] = [];
    const sink = { write: (line: string) => lines.push(line) };
    new JsonProgress(sink).note('core busy at http://u:pw-in-log@core/ with tok-in-a-log-9876');
    jsonLines(sink)({
      event: 'task.failed',
      tenant: 't',
      runId: 'r',
      taskId: 'k',
      attempt: 1,
      ms: 1,
      error: 'Bearer tok-in-a-log-9876',
    } as never);
    let plain = '';
    const out = {
      write: (text: string) => {
        plain += text;
        return true;
      },
    };
    new LineProgress(out as never, 60_000).note('retrying postgres://reader:pw-in-note@db/v');
    const all = lines.join('') + plain;
    expect(all).toContain('http://u:***@core/');
    expect(all).toContain('postgres://reader:***@db/v');
    expect(all).not.toMatch(/pw-in-log|pw-in-note|tok-in-a-log-9876/);
  });

  it('hides a secret given by flag and by variable from a CLI error', async () => {
    process.env['ONBOARD_SOURCE_PASSWORD'] = 'env-pass-5678';
    const result = await runCli(
      'discover',
      '--source',
      'postgres://reader@127.0.0.1:1/vendor?pool=env-pass-5678',
    );
    delete process.env['ONBOARD_SOURCE_PASSWORD'];
    expect(result.code).toBe(3);
    expect(result.err).toContain('pool="***" is invalid');
    expect(result.err).not.toContain('env-pass-5678');
  });
});

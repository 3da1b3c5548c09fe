import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, passwordForms } from '@madeup/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.ts';
import { type SpawnedCore, spawnCore } from '../support/spawn-core.ts';

/**
 * `madeup-core serve` given tenant server URLs with hostile passwords (one percent-encoded, one as
 * typed), on ports where nothing listens: creating a tenant there fails, and nothing core prints
 * (its JSON logs on stdout, its stderr) shows a password in any form, while the servers'
 * addresses stay visible.
 */

const POSTGRES_PASSWORD = 'p@ss/w:rd#1?';
const MYSQL_PASSWORD = 'q"uo\'te\\d ünï@cødé 🙂+%41';

describe('a core whose tenant servers refuse connections', () => {
  let dataDir: string | undefined;
  let core: SpawnedCore | undefined;
  afterAll(async () => {
    await core?.stop();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  it('logs no form of their passwords, and their addresses', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'madeup-tenant-pw-'));
    const [pgPort, myPort] = [await freePort(), await freePort()];
    core = await spawnCore(
      [
        '--data-dir',
        dataDir,
        '--postgres-url',
        `postgres://postgres:${encodeURIComponent(POSTGRES_PASSWORD)}@127.0.0.1:${pgPort}`,
        '--mysql-url',
        `mysql://root:${MYSQL_PASSWORD}@127.0.0.1:${myPort}`,
      ],
      { MADEUP_LOG_LEVEL: 'info' },
    );
    const adminToken = /admin token[^:]*: (\S+)/.exec(await core.waitForOutput(/admin token/))?.[1] ?? '';
    const admin = apiClient(core.url, adminToken);
    for (const dialect of ['postgres', 'mysql']) {
      const created = await admin.post('/v1/tenants', { id: `pw-${dialect}`, dialect });
      expect({ dialect, status: created.status }).toEqual({ dialect, status: 503 });
    }
    await core.waitForOutput(new RegExp(`ECONNREFUSED 127\\.0\\.0\\.1:${myPort}`));
    await core.stop();
    const printed = core.output();
    expect(printed).toContain(`postgres://postgres:***@127.0.0.1:${pgPort}`);
    expect(printed).toContain(`mysql://root:***@127.0.0.1:${myPort}`);
    const leaks = [
      ...passwordForms(POSTGRES_PASSWORD, encodeURIComponent(POSTGRES_PASSWORD)),
      ...passwordForms(MYSQL_PASSWORD),
    ].filter((form) => printed.includes(form));
    expect({ leaks, printed: leaks.length > 0 ? printed : '' }).toEqual({ leaks: [], printed: '' });
  }, 60_000);
});

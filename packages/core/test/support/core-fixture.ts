import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { TenantDialect } from '@madeup/contract';
import { type RunningCore, type StartOptions, startCore } from '@madeup/core';
import { type DialectTarget, MYSQL, POSTGRES, uniqueName } from '@madeup/testkit';
import { afterAll, beforeAll } from 'vitest';
import { tenantDatabaseName } from '../../src/catalog/tenant-id.ts';
import { STORAGE_DIALECTS } from '../../src/storage/dialects.ts';
import { type ApiClient, apiClient } from './api-client.ts';

/** A core started in-process for one test file, with tenants on the dialect under test. */
export interface CoreFixture {
  readonly core: RunningCore;
  readonly admin: ApiClient;
  /** Creates a tenant on the dialect under test and returns a client holding its token. */
  tenant(hint?: string): Promise<TenantClient>;
  /** Creates a tenant with exactly this id on the dialect under test (dropped afterwards). */
  tenantWithId(id: string): Promise<TenantClient>;
  /** Drops the database of tenant `id`, created through the API, afterwards too. */
  adopt(id: string): void;
  /** One tenant shared by the tests of the file (they keep apart by using distinct sources). */
  shared(): Promise<TenantClient>;
  /** Start options, to start a second process on the same catalog. */
  readonly options: StartOptions;
}

export type TenantClient = ApiClient & { readonly tenantId: string };

/** A sink for logs, so tests print nothing. */
export const silentLogs = () => new Writable({ write: (_chunk, _encoding, done) => done() });

/**
 * Starts core on port 0 with an embedded SQLite catalog in a temp folder and tenant databases on
 * `target`'s server, uniquely prefixed; drops every tenant database afterwards.
 */
export function useCore(target: DialectTarget, extra: Partial<StartOptions> = {}): () => CoreFixture {
  let fixture: CoreFixture | undefined;
  let shared: Promise<TenantClient> | undefined;
  let dataDir = '';
  const created: string[] = [];
  const prefix = `${uniqueName('core')}_`;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'madeup-core-'));
    const options: StartOptions = {
      dataDir,
      servers: { postgres: POSTGRES.url, mysql: MYSQL.url },
      defaultDialect: target.name as TenantDialect,
      databasePrefix: prefix,
      logLevel: 'warn',
      logDestination: silentLogs(),
      ...extra,
    };
    const core = await startCore(options);
    const admin = apiClient(core.url, core.adminToken ?? '');
    fixture = {
      core,
      admin,
      options: { ...options, adminToken: core.adminToken ?? '' },
      tenant(hint = 't') {
        const id = `${hint}-${created.length}-${Math.random().toString(36).slice(2, 8)}`;
        return (fixture as CoreFixture).tenantWithId(id);
      },
      async tenantWithId(id) {
        const response = await core.createTenant(id, target.name as TenantDialect);
        created.push(tenantDatabaseName(prefix, id));
        return Object.assign(apiClient(core.url, response.token), { tenantId: id });
      },
      adopt(id) {
        created.push(tenantDatabaseName(prefix, id));
      },
      shared() {
        shared ??= (fixture as CoreFixture).tenant('shared');
        return shared;
      },
    };
  });
  afterAll(async () => {
    await fixture?.core.close();
    const storage = STORAGE_DIALECTS[target.name as TenantDialect];
    if (target.server !== undefined)
      for (const name of created) await storage.dropDatabase(target.server.url, name).catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  });
  return () => {
    if (fixture === undefined) throw new Error('useCore: the core runs only inside tests and hooks');
    return fixture;
  };
}

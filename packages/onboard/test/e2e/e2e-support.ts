import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordPage, RecordView, SourceStats, TenantDialect } from '@madeup/contract';
import { type RunningCore, startCore } from '@madeup/core';
import { MYSQL, mysqlAdmin, POSTGRES, postgresAdmin, uniqueName } from '@madeup/testkit';
import { afterAll, beforeAll } from 'vitest';
import { openConnector } from '../../src/connectors/registry.ts';
import type { Row } from '../../src/connectors/value.ts';
import { ROOT } from '../pipeline/pipeline-support.ts';

export const CHINOOK_MAPPING = join(ROOT, 'examples/chinook/mapping.yaml');

/** A core started in this process with tenants on any technology, and a scratch folder. */
export interface E2eCore {
  readonly core: RunningCore;
  readonly dir: string;
  /** Creates a tenant on `dialect`; returns its id and token. */
  tenant(dialect: TenantDialect): Promise<{ id: string; token: string }>;
}

/** Starts core for a test file (tenant databases uniquely prefixed, all dropped afterwards). */
export function useE2eCore(): () => E2eCore {
  let fixture: E2eCore | undefined;
  const prefix = `${uniqueName('e2e')}_`;
  const created: { dialect: TenantDialect; name: string }[] = [];
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'onboard-e2e-'));
    const core = await startCore({
      dataDir: join(dir, 'core'),
      servers: { postgres: POSTGRES.url, mysql: MYSQL.url },
      databasePrefix: prefix,
      logLevel: 'error',
      logDestination: { write: () => {} },
    });
    fixture = {
      core,
      dir,
      async tenant(dialect) {
        const id = `e2e-${dialect}-${created.length}-${Math.random().toString(36).slice(2, 8)}`;
        const response = await core.createTenant(id, dialect);
        created.push({ dialect, name: `${prefix}${id.replace(/-/g, '_')}` });
        return { id, token: response.token };
      },
    };
  });
  afterAll(async () => {
    await fixture?.core.close();
    for (const { dialect, name } of created) {
      if (dialect === 'postgres')
        await postgresAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
      if (dialect === 'mysql') await mysqlAdmin(`DROP DATABASE IF EXISTS \`${name}\``).catch(() => {});
    }
    if (fixture) await rm(fixture.dir, { recursive: true, force: true });
  });
  return () => {
    if (fixture === undefined) throw new Error('useE2eCore: core runs only inside tests and hooks');
    return fixture;
  };
}

/** GET on core with a tenant token; returns the status and the parsed body. */
export async function coreGet<T>(
  core: RunningCore,
  token: string,
  path: string,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${core.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as T };
}

/** Core's per-entity counts for a source. */
export async function coreCounts(core: RunningCore, token: string, source: string) {
  const { status, body } = await coreGet<SourceStats>(core, token, `/v1/stats?source=${source}`);
  if (status !== 200) throw new Error(`GET /v1/stats answered ${status}`);
  return Object.fromEntries(body.entities.map((e) => [e.entity, { count: e.count, checksum: e.checksum }]));
}

/** One record as core stores it, or null when core has no such record. */
export async function coreRecord(
  core: RunningCore,
  token: string,
  entity: string,
  source: string,
  externalId: string,
): Promise<RecordView | null> {
  const path = `/v1/records/${entity}/${source}/${encodeURIComponent(externalId)}`;
  const { status, body } = await coreGet<RecordView>(core, token, path);
  if (status === 404) return null;
  if (status !== 200) throw new Error(`GET ${path} answered ${status}`);
  return body;
}

/** Every external id core holds for an entity of a source, paging through `GET /v1/records`. */
export async function coreExternalIds(
  core: RunningCore,
  token: string,
  entity: string,
  source: string,
): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  do {
    const query = `source=${source}&limit=1000${after === undefined ? '' : `&after=${encodeURIComponent(after)}`}`;
    const { status, body } = await coreGet<RecordPage>(core, token, `/v1/records/${entity}?${query}`);
    if (status !== 200) throw new Error(`GET /v1/records/${entity} answered ${status}`);
    ids.push(...body.items.map((r) => r.externalId));
    after = body.next;
  } while (after !== undefined);
  return ids;
}

/** `InvoiceLine`, `invoice_line` and `public.invoice_line` all become `invoiceline`. */
export const fold = (name: string): string =>
  name
    .replace(/^public\./, '')
    .replace(/_/g, '')
    .toLowerCase();

/**
 * Every row of the named tables of a source, read straight through its connector, with column
 * names folded (`InvoiceLineId` and `invoice_line_id` both become `invoicelineid`).
 */
export async function sourceTables(url: string, tables: readonly string[]): Promise<Map<string, Row[]>> {
  const connector = openConnector({ url });
  try {
    const streams = await connector.discover();
    const out = new Map<string, Row[]>();
    for (const table of tables) {
      const stream = streams.find((s) => fold(s.name) === fold(table));
      if (stream === undefined) throw new Error(`no table ${table} in ${url}`);
      const rows: Row[] = [];
      for (const partition of await connector.partition(stream, 1_000_000)) {
        for await (const batch of connector.read(stream, partition, { batchSize: 2000 })) {
          for (const row of batch)
            rows.push(Object.fromEntries(Object.entries(row).map(([k, v]) => [fold(k), v])));
        }
      }
      out.set(table, rows);
    }
    return out;
  } finally {
    await connector.close();
  }
}

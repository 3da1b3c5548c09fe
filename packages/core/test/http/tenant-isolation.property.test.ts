import { PROBLEMS, type TenantDialect } from '@madeup/contract';
import { describeEachDialect, fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { apiClient } from '../support/api-client.ts';
import type { CoreFixture } from '../support/core-fixture.ts';
import { useCore } from '../support/core-fixture.ts';
import {
  authorizationLines,
  type Caller,
  type CallerTokens,
  callerArb,
  expectedPrincipal,
  type Principal,
} from '../support/isolation-callers.ts';
import { type RawResponse, rawCall } from '../support/raw-call.ts';
import { TenantRecordsModel } from '../support/tenant-records-model.ts';

/** Default runs: a PostgreSQL tenant takes seconds to create, a SQLite one milliseconds. */
const RUNS = { sqlite: 6, postgres: 2 } as const;
const SOURCES = ['s', 't'] as const;
const IDS = ['c1', 'c2', 'shared', 'x/y', 'a b', 'é'] as const;
const KEYS = [undefined, 'k1', 'k2'] as const;

const source = fc.constantFrom(...SOURCES);
const ids = fc.uniqueArray(fc.constantFrom(...IDS), { minLength: 1, maxLength: 3 });
const key = fc.constantFrom(...KEYS);

/** Paths that name the other tenant, or climb out of a route, by encoding tricks. */
const TRICKS = [
  (self: string, other: string) => `/v1/tenants/${self}%2F..%2F${other}`,
  (_self: string, other: string) => `/v1/tenants/..%2F${other}`,
  (self: string, other: string) => `/v1/tenants/${self}/../${other}`,
  (_self: string, other: string) => `/v1/tenants/${other.toUpperCase()}`,
  (_self: string, other: string) => `/v1/tenants/${other}%00`,
  (_self: string, other: string) => `/v1/records/customers/s/..%2F..%2F${other}`,
  (_self: string, other: string) => `/v1/records/customers/../../tenants/${other}`,
  (_self: string, other: string) => `/v1/records/customers?source=s&externalId=c1&tenant=${other}`,
  (_self: string, other: string) => `/v1/stats?source=s&tenantId=${other}`,
  (_self: string, other: string) => `/v1/tokens?tenant=${other}`,
  (_self: string, other: string) => `/v1/tenants/${other}?id=${other}`,
] as const;

type Op =
  | {
      kind: 'import';
      source: string;
      ids: string[];
      version: number;
      dryRun: boolean;
      key?: string | undefined;
    }
  | { kind: 'delete'; source: string; ids: string[]; dryRun: boolean; key?: string | undefined }
  | { kind: 'readPath' | 'readQuery'; source: string; id: string }
  | { kind: 'stats'; source: string }
  | { kind: 'whoami' | 'tenantsList' | 'tokensList' }
  | { kind: 'tenantGet'; other: boolean }
  | { kind: 'trick'; at: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('import' as const),
      source,
      ids,
      version: fc.nat(2),
      dryRun: fc.boolean(),
      key,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('delete' as const), source, ids, dryRun: fc.boolean(), key }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom('readPath' as const, 'readQuery' as const),
      source,
      id: fc.constantFrom(...IDS),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stats' as const), source }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('whoami' as const, 'tenantsList' as const, 'tokensList' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tenantGet' as const), other: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('trick' as const), at: fc.nat(TRICKS.length - 1) }) },
);

const stepsArb = fc.array(fc.record({ caller: callerArb, op: opArb }), { minLength: 1, maxLength: 14 });

/** Two fresh tenants, their models and every token of the run. */
interface World {
  readonly url: string;
  readonly ids: { A: string; B: string };
  readonly models: { A: TenantRecordsModel; B: TenantRecordsModel };
  readonly tokens: CallerTokens;
}

async function newWorld(fixture: CoreFixture, dialect: TenantDialect): Promise<World> {
  const { admin, core } = fixture;
  const suffix = Math.random().toString(36).slice(2, 8);
  const tenant = async (id: string) => {
    const created = await admin.post<{ token: string }>('/v1/tenants', { id, dialect });
    expect(created.status).toBe(201);
    fixture.adopt(id);
    return created.body.token;
  };
  const ids = { A: `iso-a-${suffix}`, B: `iso-b-${suffix}` };
  const a = await tenant(ids.A);
  const b = await tenant(ids.B);
  const issue = async (tenantId: string | null) =>
    (await admin.post<{ id: string; token: string }>('/v1/tokens', { tenantId })).body;
  const second = await issue(ids.A);
  const revoked = await issue(ids.B);
  const revokedAdmin = await issue(null);
  // Used once before they go, so each sits in the token cache when it is rotated or revoked.
  for (const used of [second, revoked, revokedAdmin])
    expect((await apiClient(core.url, used.token).get('/v1/whoami')).status).toBe(200);
  const rotated = await admin.post<{ token: string }>(`/v1/tokens/${second.id}/rotate`, {});
  for (const gone of [revoked, revokedAdmin])
    expect((await admin.delete(`/v1/tokens/${gone.id}`)).status).toBe(204);
  return {
    url: core.url,
    ids,
    models: { A: new TenantRecordsModel(), B: new TenantRecordsModel() },
    tokens: {
      a,
      a3: rotated.body.token,
      b,
      admin: admin.token,
      rotated: second.token,
      revoked: revoked.token,
      revokedAdmin: revokedAdmin.token,
    },
  };
}

/** The request of `op` sent as `principal` (its lastNames carry that tenant's mark). */
function requestOf(
  op: Op,
  principal: Principal,
  world: World,
): { method: string; path: string; body?: string } {
  const self = principal === 'B' ? world.ids.B : world.ids.A;
  const other = principal === 'B' ? world.ids.A : world.ids.B;
  const dry = (dryRun: boolean) => (dryRun ? '?dryRun=true' : '');
  switch (op.kind) {
    case 'import': {
      const records = op.ids.map((externalId) => ({
        externalId,
        fields: { firstName: 'F', lastName: lastNameOf(principal, op.version), email: 'p@example.com' },
      }));
      return {
        method: 'POST',
        path: `/v1/import/customers${dry(op.dryRun)}`,
        body: JSON.stringify({ source: op.source, records }),
      };
    }
    case 'delete':
      return {
        method: 'POST',
        path: `/v1/import/customers/delete${dry(op.dryRun)}`,
        body: JSON.stringify({ source: op.source, externalIds: op.ids }),
      };
    case 'readPath':
      return { method: 'GET', path: `/v1/records/customers/${op.source}/${encodeURIComponent(op.id)}` };
    case 'readQuery':
      return {
        method: 'GET',
        path: `/v1/records/customers?source=${op.source}&externalId=${encodeURIComponent(op.id)}`,
      };
    case 'stats':
      return { method: 'GET', path: `/v1/stats?source=${op.source}` };
    case 'whoami':
      return { method: 'GET', path: '/v1/whoami' };
    case 'tenantsList':
      return { method: 'GET', path: '/v1/tenants' };
    case 'tokensList':
      return { method: 'GET', path: '/v1/tokens' };
    case 'tenantGet':
      return { method: 'GET', path: `/v1/tenants/${op.other ? other : self}` };
    case 'trick':
      return { method: 'GET', path: (TRICKS[op.at] as (typeof TRICKS)[0])(self, other) };
  }
}

/** Each tenant's marks: a lastName never written by the other tenant. */
const lastNameOf = (principal: Principal, version: number) => `zz${principal ?? 'X'}${version}q`;

/** The `code` of a problem body, or the body's text when it is not one. */
function codeOf(response: RawResponse): string {
  try {
    return String((JSON.parse(response.text) as { code?: unknown }).code);
  } catch {
    return `not JSON: ${JSON.stringify(response.text)}`;
  }
}

/** A problem response with the documented status for its code. */
function expectProblem(response: RawResponse, code: keyof typeof PROBLEMS, what: string): void {
  expect([response.status, codeOf(response)], what).toEqual([PROBLEMS[code].status, code]);
}

/** The response names nothing `principal` may not see (unless the request itself held it). */
function expectNoLeak(response: RawResponse, principal: Principal, world: World, sent: string): void {
  const secret = [...Object.values(world.tokens)];
  if (principal !== 'admin') {
    for (const t of ['A', 'B'] as const) if (principal !== t) secret.push(world.ids[t], `zz${t}`);
  }
  const seen = `${response.headerText}\n${response.text}`;
  for (const s of secret)
    if (!sent.includes(s)) expect(seen.includes(s), `response shows ${s}:\n${seen}`).toBe(false);
}

async function step(world: World, caller: Caller, op: Op): Promise<void> {
  const principal = expectedPrincipal(caller);
  const { method, path, body } = requestOf(op, principal, world);
  const lines = authorizationLines(caller, world.tokens);
  if (op.kind === 'import' || op.kind === 'delete')
    if (op.key !== undefined) lines.push(['idempotency-key', op.key]);
  const response = await rawCall(world.url, method, path, lines, body);
  const what = `${method} ${path} as ${JSON.stringify(caller)}: ${response.status} ${response.text.slice(0, 300)}`;
  expect(response.status, what).toBeLessThan(500);
  expectNoLeak(
    response,
    principal,
    world,
    `${path}\n${lines.map((l) => l.join(': ')).join('\n')}\n${body ?? ''}`,
  );
  if (response.status >= 400) {
    const code = codeOf(response) as keyof typeof PROBLEMS;
    expect(PROBLEMS[code]?.status, `${what}: code ${code}`).toBe(response.status);
  }
  if (op.kind === 'trick') {
    expect([200, 400, 401, 403, 404], what).toContain(response.status);
    // Without a token only a path that names no route may answer other than 401 (404, before auth).
    if (principal === null) expect([401, 404], what).toContain(response.status);
    else expect(response.status, what).not.toBe(401);
    return;
  }
  if (principal === null) return expectProblem(response, 'unauthorized', what);
  const json = JSON.parse(response.text) as Record<string, unknown>;
  if (op.kind === 'whoami') {
    expect(response.status, what).toBe(200);
    expect(json, what).toMatchObject(
      principal === 'admin' ? { kind: 'admin' } : { kind: 'tenant', tenantId: world.ids[principal] },
    );
    return;
  }
  if (op.kind === 'tenantsList' || op.kind === 'tokensList') {
    if (principal !== 'admin') return expectProblem(response, 'forbidden', what);
    return expect(response.status, what).toBe(200);
  }
  if (op.kind === 'tenantGet') {
    if (principal === 'admin' || !op.other) return expect(response.status, what).toBe(200);
    return expectProblem(response, 'not_found', what);
  }
  if (principal === 'admin') return expectProblem(response, 'forbidden', what);
  const model = world.models[principal];
  if (op.kind === 'import' || op.kind === 'delete') {
    const signature = `${method} ${path}\n${body}`;
    const held = op.key === undefined ? { kind: 'new' as const } : model.keyState(op.key, signature);
    if (held.kind === 'reused') return expectProblem(response, 'idempotency_key_reused', what);
    expect(response.status, what).toBe(200);
    if (held.kind === 'replay') {
      expect(response.header('idempotent-replayed'), what).toBe('true');
      expect(json, what).toEqual(held.response);
      return;
    }
    const outcomes =
      op.kind === 'import'
        ? model.importOutcomes(
            op.source,
            op.ids.map((externalId) => ({ externalId, lastName: lastNameOf(principal, op.version) })),
            op.dryRun,
          )
        : model.deleteOutcomes(op.source, op.ids, op.dryRun);
    expect(
      (json['results'] as { outcome: string }[]).map((r) => r.outcome),
      what,
    ).toEqual(outcomes);
    if (op.key !== undefined) model.rememberKey(op.key, signature, json);
    return;
  }
  if (op.kind === 'stats') {
    expect(response.status, what).toBe(200);
    const customers = (json['entities'] as { entity: string; count: number }[]).find(
      (e) => e.entity === 'customers',
    );
    expect(customers?.count ?? 0, what).toBe(model.liveCount(op.source));
    return;
  }
  const read = op as { kind: 'readPath' | 'readQuery'; source: string; id: string };
  const held = model.record(read.source, read.id);
  const view =
    op.kind === 'readPath'
      ? response.status === 200
        ? json
        : undefined
      : (json['items'] as unknown[] | undefined)?.[0];
  if (read.kind === 'readPath' && held === undefined) return expectProblem(response, 'not_found', what);
  expect(response.status, what).toBe(200);
  if (held === undefined) return expect(view, what).toBeUndefined();
  expect(view, what).toMatchObject({
    externalId: read.id,
    source: read.source,
    fields: { lastName: held.lastName },
  });
  expect((view as { deletedAt: unknown }).deletedAt !== null, what).toBe(held.deleted);
}

/** Each tenant's full listing of each source holds exactly its modelled records. */
async function expectStoredAsModelled(world: World): Promise<void> {
  for (const [tenant, token] of [
    ['A', world.tokens.a],
    ['B', world.tokens.b],
  ] as const)
    for (const source of SOURCES) {
      const path = `/v1/records/customers?source=${source}&limit=1000`;
      const response = await rawCall(world.url, 'GET', path, [['authorization', `Bearer ${token}`]]);
      const items = (JSON.parse(response.text) as { items: RecordItem[] }).items;
      const stored = new Map(
        items.map((r) => [r.externalId, { lastName: r.fields.lastName, deleted: r.deletedAt !== null }]),
      );
      expect(stored, `${tenant}'s ${source}`).toEqual(world.models[tenant].recordsOf(source));
    }
}

type RecordItem = { externalId: string; fields: { lastName: string }; deletedAt: string | null };

describeEachDialect(
  'tenant isolation (property)',
  (target) => {
    const fixture = useCore(target);
    const dialect = target.name as keyof typeof RUNS;

    it(
      'no request sees, changes or replays anything of the other tenant, and refusals are documented',
      async () => {
        await fc.assert(
          fc.asyncProperty(stepsArb, async (steps) => {
            const world = await newWorld(fixture(), target.name as TenantDialect);
            for (const { caller, op } of steps) await step(world, caller, op);
            await expectStoredAsModelled(world);
          }),
          fuzzOptions(RUNS[dialect]),
        );
      },
      fuzzTimeout(RUNS[dialect]),
    );
  },
  ['sqlite', 'postgres'],
);

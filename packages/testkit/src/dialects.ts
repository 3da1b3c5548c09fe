import { afterAll, beforeAll, describe, it } from 'vitest';
import { availabilityOf, IN_CI, unreachableMessage } from './availability.ts';
import { selectDialects } from './select-dialects.ts';
import { MYSQL, POSTGRES, type ServerSpec } from './servers.ts';
import { createTestDatabase, type DialectName, type TestDatabase } from './test-database.ts';

/** One database technology that a suite runs against. */
export interface DialectTarget {
  readonly name: DialectName;
  /** Human name, used in test titles. */
  readonly label: string;
  /** The server it needs, or none for embedded SQLite. */
  readonly server?: ServerSpec;
}

/** Every database technology the project supports: each suite that touches a database loops over these. */
export const DIALECTS: readonly DialectTarget[] = [
  { name: 'postgres', label: 'PostgreSQL', server: POSTGRES },
  { name: 'mysql', label: 'MariaDB', server: MYSQL },
  { name: 'sqlite', label: 'SQLite' },
];

/** The dialects this run covers: all, or those `DIALECTS=` names (see `selectDialects`). */
export const SELECTED_DIALECTS: readonly DialectTarget[] = selectDialects(DIALECTS, process.env['DIALECTS']);

/**
 * Declares `body` once per dialect inside `describe(`${title} [${label}]`)`. When a dialect's
 * server is unreachable, its block fails in CI with a message naming the server, and is skipped
 * (loudly, by the global setup) elsewhere. `only` restricts the dialects; so does the `DIALECTS`
 * environment variable (`DIALECTS=postgres npx vitest run ...` declares only the PostgreSQL blocks).
 */
export function describeEachDialect(
  title: string,
  body: (target: DialectTarget) => void,
  only?: readonly DialectName[],
): void {
  for (const target of SELECTED_DIALECTS) {
    if (only !== undefined && !only.includes(target.name)) continue;
    describeWithServer(`${title} [${target.label}]`, target.server, () => body(target));
  }
}

/** `describe`, guarded by the reachability of `server` (none: always runs). */
export function describeWithServer(title: string, server: ServerSpec | undefined, body: () => void): void {
  const probe = server === undefined ? { ok: true as const } : availabilityOf(server);
  if (probe.ok) {
    describe(title, body);
  } else if (IN_CI) {
    const message = unreachableMessage(server as ServerSpec, probe.reason);
    describe(title, () => {
      it(`needs ${(server as ServerSpec).label}`, () => {
        throw new Error(message);
      });
    });
  } else {
    describe.skip(title, body);
  }
}

/**
 * Creates a fresh database for the enclosing `describe` in `beforeAll` and drops it in `afterAll`.
 * Returns a getter, valid inside tests and hooks.
 */
export function useTestDatabase(target: DialectTarget, hint?: string): () => TestDatabase {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(target.name, hint);
  });
  afterAll(async () => {
    await database?.drop();
  });
  return () => {
    if (database === undefined)
      throw new Error('useTestDatabase: the database exists only inside tests and hooks');
    return database;
  };
}

import type { TestProject } from 'vitest/node';
import { IN_CI, unreachableMessage } from './availability.ts';
import { probeServer } from './probe.ts';
import { selectDialects } from './select-dialects.ts';
import { SERVERS } from './servers.ts';
import { DIALECT_NAMES } from './test-database.ts';

/**
 * Vitest global setup: probes every server once and provides the result to the test files
 * (`inject('madeupServers')`). Outside CI, a missing server makes its tests skip, and this says so
 * loudly at the start and at the end of the run; in CI those tests fail instead (see
 * `describeEachDialect`).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const results = await Promise.all(
    SERVERS.map(async (server) => [server, await probeServer(server)] as const),
  );
  const availability = Object.fromEntries(results.map(([server, result]) => [server.key, result]));
  project.provide('madeupServers', availability as never);
  // A database server whose dialect `DIALECTS=` leaves out is not needed: no banner for it.
  const names = DIALECT_NAMES.map((name) => ({ name }));
  const selected = new Set<string>(selectDialects(names, process.env['DIALECTS']).map((d) => d.name));
  const needed = (key: string) => !(DIALECT_NAMES as readonly string[]).includes(key) || selected.has(key);
  const missing = results.flatMap(([server, result]) =>
    result.ok || !needed(server.key) ? [] : [unreachableMessage(server, result.reason)],
  );
  const banner = () => {
    if (missing.length === 0) return;
    const verdict = IN_CI ? 'tests that need them FAIL (CI=true)' : 'tests that need them were SKIPPED';
    process.stderr.write(`\n!!! ${missing.length} test server(s) unreachable, ${verdict}:\n`);
    for (const line of missing) process.stderr.write(`!!!   ${line}\n`);
    process.stderr.write('\n');
  };
  banner();
  return banner;
}

import { inject } from 'vitest';
import type { ProbeResult } from './probe.ts';
import type { ServerSpec } from './servers.ts';
import { redactUrl } from './servers.ts';

/** What the global setup found for each server, keyed by `ServerSpec.key`. */
export type Availability = Record<ServerSpec['key'], ProbeResult>;

declare module 'vitest' {
  export interface ProvidedContext {
    madeupServers: Availability;
  }
}

/** True when running in CI, where a missing server fails the tests that need it. */
export const IN_CI = process.env['CI'] === 'true' || process.env['CI'] === '1';

/** The availability of one server, as probed once by the global setup. */
export function availabilityOf(server: ServerSpec): ProbeResult {
  const all = inject('madeupServers');
  if (all === undefined) {
    throw new Error(
      'the madeup test global setup did not run: add @madeup/testkit/global-setup to the vitest config',
    );
  }
  return all[server.key];
}

/** The message printed or thrown when a server is not reachable. */
export function unreachableMessage(server: ServerSpec, reason: string): string {
  return `${server.label} is not reachable at ${redactUrl(server.url)} (${reason}); start it or set ${server.envVar}`;
}

import type { WhoAmI } from '@madeup/contract';
import { request } from 'undici';
import { redactUrl } from '../config/redact-url.ts';
import { OnboardError } from '../errors/onboard-error.ts';

/** How long the probe waits for core's answer: a core that is up answers `whoami` in milliseconds. */
export const PROBE_TIMEOUT_MS = 5000;

/**
 * One `GET /v1/whoami`, without retries, before a command starts work (`run`, `plan`, `resume`):
 * a core that is down or a token it refuses is said at once, in one line, instead of after the
 * retry budget (`--retry-for`) or after a run record was created.
 *
 * - no answer (refused, unknown host, timeout): "core is not reachable at URL" (`transient`, exit 4);
 * - 401 or 403: "token refused by core at URL" (`config`, exit 3);
 * - anything else (2xx, busy 429/503, an older core without whoami): core is there; the command
 *   goes on and its own requests handle the rest with their retries.
 *
 * Resolves to core's answer when it gave one (2xx): who the token is, for the caller to refuse an
 * admin token before anything is written.
 */
export async function probeCore(
  coreUrl: string,
  token: string,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<WhoAmI | undefined> {
  const base = new URL(coreUrl.endsWith('/') ? coreUrl : `${coreUrl}/`);
  const shown = redactUrl(coreUrl);
  let status: number;
  let answer: WhoAmI | undefined;
  try {
    const response = await request(new URL('v1/whoami', base), {
      method: 'GET',
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = response.statusCode;
    if (status >= 200 && status < 300) {
      const who = (await response.body.json().catch(() => undefined)) as Partial<WhoAmI> | undefined;
      if (who?.kind === 'admin' || who?.kind === 'tenant') answer = who as WhoAmI;
    } else await response.body.dump();
  } catch (error) {
    const reason = (error as { code?: string }).code ?? (error instanceof Error ? error.name : String(error));
    throw new OnboardError(
      'transient',
      `core is not reachable at ${shown} (${reason === 'TimeoutError' ? `no answer in ${timeoutMs / 1000} s` : reason}); start it or check --core`,
      { cause: error },
    );
  }
  if (status === 401 || status === 403)
    throw new OnboardError(
      'config',
      `token refused by core at ${shown} (HTTP ${status}): check --token or ONBOARD_TOKEN (a tenant token, mut_…)`,
    );
  return answer;
}

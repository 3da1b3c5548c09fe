import type { Command } from 'commander';
import { redactUrlPasswords } from '../logging/redact-url-passwords.ts';
import { UsageError } from './usage-error.ts';

/** Where a running core is and the admin token to call it with. */
export interface ServerFlags {
  server: string;
}

const DEFAULT_SERVER = 'http://127.0.0.1:8080';

/** `--server URL` (MADEUP_SERVER), for the commands that talk to a running core. */
export function withServerOption(command: Command): Command {
  return command.option(
    '--server <url>',
    'the running core to talk to (MADEUP_SERVER); the admin token comes from MADEUP_ADMIN_TOKEN',
    process.env['MADEUP_SERVER'] ?? DEFAULT_SERVER,
  );
}

/** A small admin client of a running core's API. Errors carry the problem's code and detail. */
export class CoreClient {
  readonly server: string;
  readonly #token: string;

  constructor(server: string, token: string | undefined = process.env['MADEUP_ADMIN_TOKEN']) {
    this.server = server.replace(/\/+$/, '');
    if (!/^https?:$/.test(protocolOf(this.server)))
      throw new UsageError(
        `--server (or MADEUP_SERVER) must be core's http:// or https:// URL, like ${DEFAULT_SERVER}, not "${redactUrlPasswords(server)}"`,
      );
    if (token === undefined || token === '')
      throw new Error(
        'set MADEUP_ADMIN_TOKEN to the admin token (printed once on stderr by the first `madeup-core serve`)',
      );
    this.#token = token;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.server}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.#token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(
        `cannot reach core at ${this.server} (${cause?.code ?? cause?.message ?? String(error)}): ` +
          'start `madeup-core serve` or pass --server URL',
      );
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      // Something else listens there (8080 is a popular port): not core's JSON.
      throw new Error(
        `${this.server} answered ${response.status} with something other than core's JSON: is --server (or MADEUP_SERVER) the URL of madeup-core serve?`,
      );
    }
    if (!response.ok) {
      const problem = (parsed ?? {}) as { code?: string; detail?: string };
      const hint =
        response.status === 401
          ? ': check MADEUP_ADMIN_TOKEN (the admin token `madeup-core serve` printed once on stderr)'
          : '';
      throw new Error(
        `core at ${this.server} answered ${response.status} ${problem.code ?? ''}: ${problem.detail ?? text}${hint}`,
      );
    }
    return parsed as T;
  }
}

/** The scheme of `url` with its colon (`http:`), or '' when `url` is not a URL. */
function protocolOf(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
}

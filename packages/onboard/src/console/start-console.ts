import { ConfigError } from '../errors/onboard-error.ts';
import type { RunStore } from '../store/run-store.ts';
import { buildConsoleApp } from './console-app.ts';
import { isLoopback, LOOPBACK_HOSTS } from './console-origin.ts';

/** Where and how a console listens. */
export interface StartConsoleOptions {
  readonly store: RunStore;
  readonly token: string;
  readonly host: string;
  /** 0: any free port. */
  readonly port: number;
  readonly coreUrl?: string;
}

/** A console listening: its address (without the token) and how to stop it. */
export interface RunningConsole {
  readonly url: string;
  /** The address to open once: the console trades the token for a cookie and drops it from the address. */
  readonly openUrl: string;
  close(): Promise<void>;
}

/** Serves the console until `close()`; a port in use or a host it cannot bind is a `ConfigError`. */
export async function startConsole(options: StartConsoleOptions): Promise<RunningConsole> {
  const app = await buildConsoleApp({
    store: options.store,
    token: options.token,
    // On a loopback address, only loopback names: a site whose name resolves to 127.0.0.1 gets nothing.
    ...(isLoopback(options.host) ? { allowedHosts: [...LOOPBACK_HOSTS, hostOf(options.host)] } : {}),
    ...(options.coreUrl === undefined ? {} : { coreUrl: options.coreUrl }),
  });
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    await app.close();
    const code = (error as NodeJS.ErrnoException).code;
    const where = `${options.host}:${options.port}`;
    if (code === 'EADDRINUSE') throw new ConfigError(`port ${where} is in use: pick another with --port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      throw new ConfigError(`cannot listen on ${where}: no such local address (check --host)`);
    if (code === 'EACCES') throw new ConfigError(`not allowed to listen on ${where}: use a port above 1023`);
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = hostOf(options.host);
  const url = `http://${host}:${port}/`;
  return {
    url,
    openUrl: `${url}?token=${encodeURIComponent(options.token)}`,
    close: () => app.close(),
  };
}

/** A `--host` value as an address names it (`::1` -> `[::1]`). */
const hostOf = (host: string) => (host.includes(':') ? `[${host}]` : host);

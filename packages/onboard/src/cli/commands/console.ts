import type { Command } from 'commander';
import { readEnv } from '../../config/environment.ts';
import { registerSecret } from '../../config/redact-url.ts';
import { UsageError } from '../../errors/onboard-error.ts';
import { DEFAULT_STORE } from '../../store/default-store.ts';
import { checkedCoreUrl } from '../core-url.ts';

interface ConsoleFlags {
  store: string;
  core?: string;
  host: string;
  port: string;
  token?: string;
}

/**
 * `onboard console`: the web console over a run store (runs, one run live, rejected records, a
 * tenant's history), on 127.0.0.1 by default, behind a token. Prints the address to open (with
 * the token, once) on stdout; serves until SIGINT/SIGTERM.
 */
export const registerConsole = (program: Command): void => {
  program
    .command('console')
    .description('Serve the web console over the run store: runs, live progress, rejected records')
    .option(
      '--store <url>',
      'run store: a SQLite file or a postgres:// URL',
      readEnv('store') ?? DEFAULT_STORE,
    )
    .option(
      '--core <url>',
      "core's base URL, to show whether it is up (or ONBOARD_CORE_URL)",
      readEnv('coreUrl'),
    )
    .option(
      '--host <host>',
      'address to listen on (any other than 127.0.0.1 exposes the console to that network)',
      '127.0.0.1',
    )
    .option('--port <n>', 'port to listen on, 0 for any free one', '4410')
    .option('--token <token>', 'the token to require (better: ONBOARD_CONSOLE_TOKEN; default: a random one)')
    .action(async (flags: ConsoleFlags) => {
      const port = Number(flags.port);
      if (!/^\d+$/.test(flags.port) || port > 65535)
        throw new UsageError(`--port must be a whole number from 0 to 65535, got "${flags.port}"`);
      if (flags.token !== undefined && flags.token.length < 16)
        throw new UsageError('--token must be at least 16 characters long');
      const coreUrl =
        flags.core === undefined ? undefined : checkedCoreUrl(flags.core, '--core (or ONBOARD_CORE_URL)');
      const [{ newConsoleToken }, { describeStore, openRunStore }] = await Promise.all([
        import('../../console/console-auth.ts'),
        import('../../store/open-run-store.ts'),
      ]);
      const token = flags.token ?? readEnv('consoleToken') ?? newConsoleToken();
      if (token.length < 16)
        throw new UsageError('ONBOARD_CONSOLE_TOKEN must be at least 16 characters long');
      registerSecret(token);
      const store = await openRunStore(flags.store, 'existing');
      try {
        // Loaded here, not at start-up: the web server is only the console's.
        const { startConsole } = await import('../../console/start-console.ts');
        const running = await startConsole({
          store,
          token,
          host: flags.host,
          port,
          ...(coreUrl === undefined ? {} : { coreUrl }),
        });
        process.stderr.write(
          `onboard console: serving the run store at ${describeStore(flags.store)} on ${running.url}; Ctrl-C stops it\n`,
        );
        process.stdout.write(`${running.openUrl}\n`);
        const signal = await new Promise<string>((resolve) => {
          process.once('SIGINT', () => resolve('SIGINT'));
          process.once('SIGTERM', () => resolve('SIGTERM'));
        });
        process.stderr.write(`onboard console: ${signal}, stopping\n`);
        await running.close();
      } finally {
        await store.close();
      }
    });
};

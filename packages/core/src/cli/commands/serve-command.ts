import { Command } from 'commander';
import { type ConfigFlags, configFromFlags, withConfigOptions } from '../common-options.ts';
import { UsageError } from '../usage-error.ts';

/** `madeup-core serve [--port N] [--tls-cert F --tls-key F]`: runs the API until SIGINT/SIGTERM. */
export function serveCommand(): Command {
  return withConfigOptions(new Command('serve'))
    .description('start the import API (embedded SQLite under ./data unless told otherwise)')
    .option('--port <n>', 'port to listen on (MADEUP_PORT)', process.env['MADEUP_PORT'] ?? '8080')
    .option('--host <host>', 'address to listen on (MADEUP_HOST)', process.env['MADEUP_HOST'] ?? '127.0.0.1')
    .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (chain) file (MADEUP_TLS_CERT)')
    .option('--tls-key <file>', 'the PEM private key of --tls-cert (MADEUP_TLS_KEY)')
    .action(
      async (flags: ConfigFlags & { port: string; host: string; tlsCert?: string; tlsKey?: string }) => {
        if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined))
          throw new UsageError('give both --tls-cert and --tls-key, or neither');
        if (!/^\d{1,5}$/.test(flags.port) || Number(flags.port) > 65535)
          throw new UsageError(
            `--port (or MADEUP_PORT) must be a whole number from 0 to 65535, not "${flags.port}"`,
          );
        const tls =
          flags.tlsCert !== undefined && flags.tlsKey !== undefined
            ? { tls: { certFile: flags.tlsCert, keyFile: flags.tlsKey } }
            : {};
        // Loaded when serve runs, not at start-up: the server, the drivers and the model.
        const { startCore } = await import('../../start-core.ts');
        const core = await startCore({
          ...configFromFlags(flags),
          ...tls,
          port: Number(flags.port),
          host: flags.host,
        }).catch((error: unknown) => {
          // The most common first failure: 8080 is taken by something else.
          if ((error as { code?: string }).code === 'EADDRINUSE')
            throw new Error(
              `${flags.host}:${flags.port} is in use by another process: pick another port with --port (or MADEUP_PORT), and give it to the other commands (--server, onboard --core)`,
            );
          throw error;
        });
        // The token goes to stderr, apart from the JSON logs on stdout that log shippers collect.
        if (core.adminToken !== undefined)
          process.stderr.write(`admin token (shown once, stored hashed; keep it): ${core.adminToken}\n`);
        process.stdout.write(`madeup-core listening on ${core.url} (data: ${core.config.dataDir})\n`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await core.close();
      },
    );
}

import { Command } from 'commander';
import { startCore } from '../../start-core.ts';
import { type ConfigFlags, configFromFlags, withConfigOptions } from '../common-options.ts';

/** `madeup-core serve [--port N]`: runs the API until SIGINT/SIGTERM. */
export function serveCommand(): Command {
  return withConfigOptions(new Command('serve'))
    .description('start the import API (embedded SQLite under ./data unless told otherwise)')
    .option('--port <n>', 'port to listen on (MADEUP_PORT)', process.env['MADEUP_PORT'] ?? '8080')
    .option('--host <host>', 'address to listen on (MADEUP_HOST)', process.env['MADEUP_HOST'] ?? '127.0.0.1')
    .action(async (flags: ConfigFlags & { port: string; host: string }) => {
      const core = await startCore({ ...configFromFlags(flags), port: Number(flags.port), host: flags.host });
      // The token goes to stderr, apart from the JSON logs on stdout that log shippers collect.
      if (core.adminToken !== undefined)
        process.stderr.write(`admin token (shown once, stored hashed; keep it): ${core.adminToken}\n`);
      process.stdout.write(`madeup-core listening on ${core.url} (data: ${core.config.dataDir})\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await core.close();
    });
}

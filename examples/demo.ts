// `npm run demo`: the whole onboarding on the embedded default, with no server to install. It starts
// core in this process (SQLite catalog and tenant under data/demo/), generates a Vendor X database
// (SQLite), imports it with `onboard run` (a child process, so the ETL and core each get a core of
// the CPU), imports it again to show that a rerun changes nothing, and says where the report is.
//
//   npm run demo [-- --rows N] [-- --seed S] [-- --dir DIR] [-- --debug]
//
// Run it through `npm run demo` (examples/demo.js), which checks the Node.js version first.
import { spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const onboardBin = join(root, 'packages/onboard/bin/onboard.js');
const USAGE = `usage: npm run demo [-- --rows N] [-- --seed S] [-- --dir DIR] [-- --debug]

Starts core embedded (in DIR, default data/demo/, emptied first), generates a Vendor X database of
N rows (default 30000, seed S, default 1), imports it twice with onboard run and says where the
report is.
`;

/** The command line, or the exit code after printing the usage (`--help`) or what is wrong. */
function readArgs(): { rows: number; seed: string; dir: string; debug: boolean } | number {
  let parsed: ReturnType<typeof parseDemoArgs>;
  try {
    parsed = parseDemoArgs();
  } catch (error) {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const { values } = parsed;
  if (values.help === true) {
    process.stdout.write(USAGE);
    return 0;
  }
  const rows = Number(values.rows);
  if (!/^\d+$/.test(values.rows) || !Number.isSafeInteger(rows) || rows < 1) {
    process.stderr.write(
      `demo: --rows must be a whole number of at least 1, not "${values.rows}"\n\n${USAGE}`,
    );
    return 2;
  }
  return { rows, seed: values.seed, dir: values.dir, debug: values.debug === true };
}

function parseDemoArgs() {
  return parseArgs({
    options: {
      rows: { type: 'string', default: '30000' },
      seed: { type: 'string', default: '1' },
      dir: { type: 'string', default: 'data/demo' },
      help: { type: 'boolean', short: 'h' },
      debug: { type: 'boolean' },
    },
  });
}

const args = readArgs();
if (typeof args === 'number') process.exit(args);
const { rows, seed, dir, debug } = args;
const home = resolve(root, dir);
const show = (path: string) => relative(process.cwd(), path) || '.';
const step = (text: string) => process.stdout.write(`\n\x1b[1m== ${text}\x1b[0m\n`);

/** Runs the onboard CLI, its output shown (or captured); rejects when it fails. */
function onboard(args: readonly string[], token: string, capture = false): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [onboardBin, ...args], {
      cwd: root,
      stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
      env: { ...process.env, ONBOARD_TOKEN: token },
    });
    const out: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolvePromise(Buffer.concat(out).toString('utf8'))
        : reject(new Error(`onboard ${args[0]} exited with ${code}`)),
    );
  });
}

interface EntityCounts {
  readonly entity: string;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
}

/** A failure of the demo: one line, the stack only with `--debug`. */
function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`demo: ${debug && error instanceof Error ? (error.stack ?? message) : message}\n`);
  if (!debug) process.stderr.write('demo: run again with -- --debug to print the stack\n');
  process.exitCode = 1;
}

const started = performance.now();
try {
  await demo();
} catch (error) {
  fail(error);
}

async function demo(): Promise<void> {
  await rm(home, { recursive: true, force: true });
  await mkdir(home, { recursive: true });

  // Loaded here, not at start-up: `--help` and a bad command line need neither core nor the generator.
  const [{ startCore }, { generateVendorX, VENDOR_X_MAPPING }] = await Promise.all([
    import('@madeup/core'),
    import('./vendor-x/index.ts'),
  ]);
  step('Starting core (embedded: SQLite catalog and tenants)');
  const core = await startCore({ dataDir: join(home, 'core'), logLevel: 'warn' });
  try {
    const tenant = await core.createTenant('demo', 'sqlite');
    console.log(`core listens on ${core.url}; tenant "demo" provisioned on SQLite`);

    step(`Generating a Vendor X database of ${rows.toLocaleString('en')} rows`);
    const source = `sqlite:${join(home, 'vendor-x.sqlite')}`;
    const summary = await generateVendorX({ target: source, rows, seed });
    console.log(
      `${show(join(home, 'vendor-x.sqlite'))}: ${Object.entries(summary.tables)
        .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
        .join(', ')} (${summary.seconds.toFixed(1)} s)`,
    );
    console.log(
      `with dirt: ${summary.dirt.duplicateClients} duplicate clients, ${summary.dirt.badEmails} bad e-mails, ` +
        `${summary.dirt.missingEmails} missing e-mails, ${summary.dirt.orphanLines + summary.dirt.orphanPayments} orphans, ` +
        `${summary.dirt.zeroQuantityLines} zero quantities`,
    );

    const store = join(home, 'runs.sqlite');
    const args = ['--mapping', VENDOR_X_MAPPING, '--source', source, '--core', core.url, '--store', store];
    step('Importing: onboard run');
    await onboard(['run', ...args], tenant.token);
    step('Importing again: an unchanged source changes nothing');
    await onboard(['run', ...args], tenant.token);

    const [second, first] = JSON.parse(
      await onboard(['runs', '--store', store, '--json', '--limit', '2'], tenant.token, true),
    ) as { id: string }[];
    if (first === undefined || second === undefined) throw new Error('the run store does not list both runs');
    const report = JSON.parse(
      await onboard(['report', second.id, '--store', store, '--json'], tenant.token, true),
    ) as { entities?: EntityCounts[] };
    if (!Array.isArray(report.entities)) throw new Error('onboard report --json gave no entities');
    const changed = report.entities.reduce((n, e) => n + e.created + e.updated, 0);
    const unchanged = report.entities.reduce((n, e) => n + e.unchanged, 0);
    console.log(
      changed === 0
        ? `second run: ${unchanged.toLocaleString('en')} records unchanged, none created or updated`
        : `second run changed ${changed} record(s): the import is NOT idempotent`,
    );
    const csv = join(home, 'rejected.csv');
    await onboard(['report', first.id, '--store', store, '--rejected-csv', csv], tenant.token, true);

    step('Where to look');
    console.log(`runs:           node packages/onboard/bin/onboard.js runs --store ${show(store)}`);
    console.log(
      `the report:     node packages/onboard/bin/onboard.js report ${first.id} --store ${show(store)}`,
    );
    console.log(`rejected rows:  ${show(csv)} (every reason, with the source row)`);
    console.log(
      `in a browser:   node packages/onboard/bin/onboard.js console --store ${show(store)} (open the address it prints)`,
    );
    console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    process.exitCode = changed === 0 ? 0 : 1;
  } finally {
    await core.close();
  }
}

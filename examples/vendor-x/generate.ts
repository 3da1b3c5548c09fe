// Command line: node examples/vendor-x/generate.ts --target URL --rows N [--seed S] [--quiet]
//          or:  … --target URL --rows N [--seed S] --touch COUNT [--round R]  (later activity)
import { parseArgs } from 'node:util';
import { generateVendorX, InvalidTargetError, MIN_ROWS, touchVendorX } from './index.ts';

const usage = `usage: node examples/vendor-x/generate.ts --target URL --rows N [--seed S] [--quiet]

  --target URL  sqlite:/path/file.sqlite | postgres://user@host:5432/db | mysql://user@host:3306/db
                (the database must exist; its Vendor X tables are replaced)
  --rows N      nominal size, at least ${MIN_ROWS}: the tables add up to exactly N rows
  --seed S      same seed, same data (default 1)
  --quiet       no progress on stderr
  --touch COUNT instead of generating: later activity in a database generated with the same
                --rows and --seed: COUNT clients get a new phone, COUNT/10 items a new price,
                stamped with a later last_modified (for incremental runs)
  --round R     which wave of activity (default 1): each changes other rows`;

async function main(): Promise<number> {
  let values: {
    target?: string;
    rows?: string;
    seed?: string;
    quiet?: boolean;
    help?: boolean;
    touch?: string;
    round?: string;
  };
  try {
    ({ values } = parseArgs({
      options: {
        target: { type: 'string' },
        rows: { type: 'string' },
        seed: { type: 'string' },
        quiet: { type: 'boolean' },
        touch: { type: 'string' },
        round: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values.help === true) {
    console.log(usage);
    return 0;
  }
  const rows = Number(values.rows);
  if (values.target === undefined || !Number.isSafeInteger(rows) || rows < MIN_ROWS) {
    console.error(`--target and --rows (an integer >= ${MIN_ROWS}) are required\n\n${usage}`);
    return 2;
  }
  const seed =
    values.seed === undefined ? 1 : /^-?\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  if (values.touch !== undefined) {
    const count = Number(values.touch);
    const round = Number(values.round ?? '1');
    if (!Number.isSafeInteger(count) || count < 1 || !Number.isSafeInteger(round) || round < 1) {
      console.error(`--touch and --round take whole numbers >= 1\n\n${usage}`);
      return 2;
    }
    return report(() => touchVendorX({ target: values.target as string, rows, seed, count, round }));
  }
  let lastTable = '';
  const progress = (p: { table: string; done: number; total: number }) => {
    if (p.table !== lastTable && lastTable !== '') process.stderr.write('\n');
    lastTable = p.table;
    process.stderr.write(
      `\r${p.table.padEnd(8)} ${p.done.toLocaleString('en')} / ${p.total.toLocaleString('en')}`,
    );
  };
  const quiet = values.quiet === true;
  return report(async () => {
    const summary = await generateVendorX({
      target: values.target as string,
      rows,
      seed,
      ...(quiet ? {} : { onProgress: progress }),
    });
    if (!quiet) process.stderr.write('\n');
    return summary;
  });
}

/** Runs the work and prints its result as JSON; turns failures into a message and an exit code. */
async function report(work: () => Promise<unknown>): Promise<number> {
  try {
    console.log(JSON.stringify(await work(), null, 2));
    return 0;
  } catch (error) {
    if (error instanceof InvalidTargetError) {
      console.error(`error: ${error.message}`);
      return 2;
    }
    const e = error as Error & { code?: string };
    console.error(`error: could not write to the target: ${e.code ?? e.name}: ${e.message}`);
    return 1;
  }
}

process.exitCode = await main();

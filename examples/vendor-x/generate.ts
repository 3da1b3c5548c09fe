// Command line: node examples/vendor-x/generate.ts --target URL --rows N [--seed S] [--quiet]
import { parseArgs } from 'node:util';
import { generateVendorX, InvalidTargetError, MIN_ROWS } from './index.ts';

const usage = `usage: node examples/vendor-x/generate.ts --target URL --rows N [--seed S] [--quiet]

  --target URL  sqlite:/path/file.sqlite | postgres://user@host:5432/db | mysql://user@host:3306/db
                (the database must exist; its Vendor X tables are replaced)
  --rows N      nominal size, at least ${MIN_ROWS}: the tables add up to exactly N rows
  --seed S      same seed, same data (default 1)
  --quiet       no progress on stderr`;

async function main(): Promise<number> {
  let values: { target?: string; rows?: string; seed?: string; quiet?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        target: { type: 'string' },
        rows: { type: 'string' },
        seed: { type: 'string' },
        quiet: { type: 'boolean' },
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
  let lastTable = '';
  const progress = (p: { table: string; done: number; total: number }) => {
    if (p.table !== lastTable && lastTable !== '') process.stderr.write('\n');
    lastTable = p.table;
    process.stderr.write(
      `\r${p.table.padEnd(8)} ${p.done.toLocaleString('en')} / ${p.total.toLocaleString('en')}`,
    );
  };
  try {
    const summary = await generateVendorX({
      target: values.target,
      rows,
      seed,
      ...(values.quiet === true ? {} : { onProgress: progress }),
    });
    if (values.quiet !== true) process.stderr.write('\n');
    console.log(JSON.stringify(summary, null, 2));
    return 0;
  } catch (error) {
    if (error instanceof InvalidTargetError) {
      console.error(`error: ${error.message}`);
      return 2;
    }
    const e = error as Error & { code?: string };
    console.error(`error: could not generate into the target: ${e.code ?? e.name}: ${e.message}`);
    return 1;
  }
}

process.exitCode = await main();

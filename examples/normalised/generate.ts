// Command line: node examples/normalised/generate.ts --target URL [--customers N] [--seed S]
import { parseArgs } from 'node:util';
import { generateNormalised } from './index.ts';

const usage = `usage: node examples/normalised/generate.ts --target URL [--customers N] [--seed S]

  --target URL     sqlite:/path/file.sqlite | postgres://user@host:5432/db | mysql://user@host:3306/db
                   (the database must exist; the shop's tables are replaced)
  --customers N    customers (default 200); three orders each, every other one paid
  --seed S         same seed, same data (default 1)`;

async function main(): Promise<number> {
  let values: { target?: string; customers?: string; seed?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        target: { type: 'string' },
        customers: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const customers = Number(values.customers ?? '200');
  const seed = Number(values.seed ?? '1');
  if (
    values.target === undefined ||
    !Number.isSafeInteger(customers) ||
    customers < 1 ||
    !Number.isSafeInteger(seed)
  ) {
    process.stderr.write(`--target is required; --customers and --seed are whole numbers\n\n${usage}\n`);
    return 2;
  }
  const sizes = await generateNormalised({ target: values.target, customers, seed });
  process.stdout.write(
    `${Object.entries(sizes)
      .map(([table, rows]) => `${table}: ${rows}`)
      .join(', ')}\n`,
  );
  return 0;
}

process.exitCode = await main();

// Measures `onboard mapping init` against the hand-written mappings of Chinook, Vendor X and the
// normalised shop:
//   node examples/measure-init/measure-init.ts [--rows N] [--verbose]
// For each: the draft's fields right / wrong / missed (see compare-mappings.ts), its streams, what
// `onboard check` still finds in it, and how many source rows its mapping turns into records.
// Chinook is read from the dataset's SQLite file; Vendor X (--rows, seed 1) and the shop (200
// customers, seed 1) are generated on SQLite in a temporary folder. Prints a table and a JSON line of the figures.
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MODEL, schemaDocument } from '@madeup/core';
import {
  checkMapping,
  draftMapping,
  openConnector,
  parseMappingText,
  type StreamInfo,
  sampleRows,
  writeDraft,
} from '@madeup/onboard';
import { CHINOOK_DIR } from '@madeup/testkit';
import { generateNormalised, NORMALISED_MAPPING } from '../normalised/index.ts';
import { generateVendorX, VENDOR_X_MAPPING } from '../vendor-x/index.ts';
import { type Comparison, compareMappings } from './compare-mappings.ts';
import { transformAll } from './transform-all.ts';

const SCHEMA = schemaDocument(MODEL, { maxBatchRecords: 1000, maxBatchBytes: 10_000_000 });
const OBJECT_FIELDS = new Set(
  SCHEMA.entities.flatMap((e) => e.fields.filter((f) => f.type === 'object').map((f) => f.name)),
);

export interface InitFigures {
  readonly name: string;
  readonly comparison: Comparison;
  readonly problems: readonly string[];
  readonly rows: {
    readonly records: number;
    readonly rejected: number;
    readonly reasons: Record<string, number>;
  };
  readonly draft: string;
}

/** Drafts a mapping for the source at `url` and compares it with the hand-written one. */
export async function measureInit(name: string, url: string, handMapping: string): Promise<InitFigures> {
  const connector = openConnector({ url });
  let streams: StreamInfo[];
  try {
    streams = await connector.discover();
    const draft = draftMapping(SCHEMA, streams, {
      source: name,
      samples: await sampleRows(connector, streams),
    });
    const text = writeDraft(draft, [`${name}: measured by examples/measure-init`]);
    const problems = checkMapping(text, SCHEMA, streams).map(
      (p) => `${p.line}:${p.column} ${p.message} [${p.code}]`,
    );
    const hand = parseMappingText(await readFile(handMapping, 'utf8')).data as never;
    const comparison = compareMappings(hand, draft.document as never, OBJECT_FIELDS);
    const rows =
      problems.length === 0
        ? await transformAll(connector, streams, text, SCHEMA)
        : { records: 0, rejected: 0, reasons: {} };
    return { name, comparison, problems, rows, draft: text };
  } finally {
    await connector.close();
  }
}

function print(figures: InitFigures, verbose: boolean): void {
  const { comparison: c } = figures;
  const counted = c.right + c.wrong + c.missed;
  const pct = (n: number) => `${((100 * n) / counted).toFixed(0)}%`;
  console.log(`\n${figures.name}: ${counted} items of the hand-written mapping filled from columns`);
  console.log(
    `  right ${c.right} (${pct(c.right)}), wrong ${c.wrong} (${pct(c.wrong)}), missed ${c.missed} (${pct(c.missed)})`,
  );
  console.log(
    `  streams: right ${c.streams.right}, wrong ${c.streams.wrong}, missed ${c.streams.missed}; extra items in the draft: ${c.extra.length}`,
  );
  console.log(
    `  onboard check: ${figures.problems.length === 0 ? 'passes' : `${figures.problems.length} problem(s)`}`,
  );
  for (const problem of figures.problems) console.log(`    ${problem}`);
  console.log(
    `  rows mapped to records: ${figures.rows.records}, rejected by the mapping: ${figures.rows.rejected}`,
  );
  for (const [reason, count] of Object.entries(figures.rows.reasons)) console.log(`    ${count} x ${reason}`);
  for (const item of c.items) {
    if (item.verdict === 'right' && !verbose) continue;
    console.log(
      `    ${item.verdict.padEnd(8)} ${item.entity}.${item.item}: hand [${item.hand.join(', ')}] draft [${item.draft.join(', ')}]`,
    );
  }
  if (verbose) console.log(`    extra: ${c.extra.join(', ')}\n${figures.draft}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rows: { type: 'string', default: '3000' }, verbose: { type: 'boolean', default: false } },
  });
  const dir = await mkdtemp(join(tmpdir(), 'measure-init-'));
  try {
    const chinook = join(dir, 'chinook.sqlite');
    await copyFile(join(CHINOOK_DIR, 'Chinook_Sqlite.sqlite'), chinook);
    const vendorX = join(dir, 'vendor-x.sqlite');
    await generateVendorX({ target: `sqlite:${vendorX}`, rows: Number(values.rows), seed: 1 });
    const shop = join(dir, 'shop.sqlite');
    await generateNormalised({ target: `sqlite:${shop}`, customers: 200, seed: 1 });
    const results = [
      await measureInit('chinook', `sqlite:${chinook}`, join(import.meta.dirname, '../chinook/mapping.yaml')),
      await measureInit('vendor-x', `sqlite:${vendorX}`, VENDOR_X_MAPPING),
      await measureInit('normalised', `sqlite:${shop}`, NORMALISED_MAPPING),
    ];
    for (const result of results) print(result, values.verbose);
    const summary = results.map((r) => ({
      name: r.name,
      right: r.comparison.right,
      wrong: r.comparison.wrong,
      missed: r.comparison.missed,
      problems: r.problems.length,
      records: r.rows.records,
      rejected: r.rows.rejected,
    }));
    console.log(`\n${JSON.stringify(summary)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) await main();

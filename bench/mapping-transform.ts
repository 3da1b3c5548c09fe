// Per-row cost of compiled mappings: rows per second per core (CPU time) of `transform`, for a
// pass-through mapping and for one that parses vendor formats, against core's own model.
//   node bench/mapping-transform.ts          (BENCH_ROWS=N to change the 1,000,000 rows)
import { MODEL, schemaDocument } from '@madeup/core';
import { compileMapping } from '@madeup/onboard';
import { benchRows, formatNumber, markdownTable, printSection, progress, runBenchmark } from './lib/index.ts';

const SCHEMA = schemaDocument(MODEL, { maxBatchRecords: 1000, maxBatchBytes: 4_000_000 });
const customers = {
  stream: 'customer',
  id: '{Id}',
  fields: { firstName: 'First', lastName: 'Last', email: 'Email' },
};

/** A Chinook-like invoice: values already in the wire forms connectors deliver. */
const PASS_THROUGH = {
  source: 'bench',
  entities: {
    customers,
    invoices: {
      stream: 'invoice',
      id: '{InvoiceId}',
      fields: {
        number: 'INV-{InvoiceId}',
        issuedAt: 'InvoiceDate',
        total: 'Total',
        currency: { const: 'USD' },
        billingAddress: { line1: 'BillingAddress', city: 'BillingCity', country: 'BillingCountry' },
      },
      refs: { customer: '{CustomerId}' },
    },
  },
};
const passRows = (i: number) => ({
  InvoiceId: i,
  CustomerId: i % 59,
  InvoiceDate: '2021-01-01T00:00:00.000000Z',
  BillingAddress: 'Theodor-Heuss-Straße 34',
  BillingCity: 'Stuttgart',
  BillingCountry: 'DE',
  Total: `${i % 100}.98`,
});

/** A dirty vendor invoice: German decimals, local wall-clock times, status codes, odd case. */
const PARSING = {
  source: 'bench',
  lookups: { statuses: { P: 'paid', O: 'open', D: 'draft' } },
  entities: {
    customers,
    invoices: {
      stream: 'invoice',
      id: 'INV-{Id}',
      filter: { notNull: 'Id' },
      fields: {
        number: '{Prefix}-{Id}',
        issuedAt: { timestamp: 'Issued', format: 'dd.MM.yyyy HH:mm', timezone: 'Europe/Berlin' },
        total: { decimal: 'Total', decimalSeparator: ',' },
        currency: { upper: { trim: 'Cur' } },
        status: { lookup: 'St', table: 'statuses', default: { const: 'draft' } },
        billingAddress: {
          line1: { trim: 'Street' },
          city: { titleCase: 'City' },
          country: 'Country',
          postalCode: { coalesce: ['Zip', 'Zip2'] },
        },
      },
      refs: { customer: '{CustId}' },
    },
  },
};
const two = (n: number) => String(n).padStart(2, '0');
const parsingRows = (i: number) => ({
  Id: i,
  Prefix: 'A',
  Issued: `${two((i % 28) + 1)}.${two((i % 12) + 1)}.2023 ${two(i % 24)}:15`,
  Total: `${i}.234,50`,
  Cur: ' eur ',
  St: 'POD'[i % 3],
  Street: ' Main St 1 ',
  City: 'BERLIN',
  Country: 'DE',
  Zip: null,
  Zip2: '10115',
  CustId: i % 50,
});

function measure(mapping: unknown, makeRow: (i: number) => Record<string, unknown>, rows: number) {
  const invoices = compileMapping(mapping, SCHEMA).entity('invoices')!;
  const sample = Array.from({ length: 1000 }, (_, i) => makeRow(i));
  for (let i = 0; i < Math.min(rows, 100_000); i++) invoices.transform(sample[i % 1000] as never);
  const start = process.cpuUsage();
  let records = 0;
  for (let i = 0; i < rows; i++) if ('record' in invoices.transform(sample[i % 1000] as never)) records++;
  const used = process.cpuUsage(start);
  if (records !== rows)
    throw new Error(
      `expected ${rows} records, got ${records}: ${JSON.stringify(invoices.transform(sample[0] as never))}`,
    );
  const seconds = (used.user + used.system) / 1e6;
  return { perSecond: rows / seconds, microsPerRow: (seconds * 1e6) / rows };
}

await runBenchmark(async () => {
  const rows = benchRows(1_000_000, 20_000);
  const results: (string | number)[][] = [];
  for (const [name, mapping, makeRow] of [
    ['pass-through (columns, template, nested object, reference)', PASS_THROUGH, passRows],
    ['parsing (locale decimal, formatted local timestamp, lookup, case, coalesce)', PARSING, parsingRows],
  ] as const) {
    progress(`${name}: ${formatNumber(rows)} rows`);
    const { perSecond, microsPerRow } = measure(mapping, makeRow, rows);
    results.push([name, formatNumber(perSecond), formatNumber(microsPerRow, 2)]);
  }
  printSection(
    'Mapping transform',
    `\`transform\` of ${formatNumber(rows)} invoice rows through a compiled mapping, in one process; CPU time, so other load on the machine counts less.`,
    markdownTable(['mapping', 'rows/s per core', 'µs per row'], results, ['left', 'right', 'right']),
  );
});

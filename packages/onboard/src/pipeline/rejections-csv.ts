import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { RunStore } from '../store/run-store.ts';

/** A signed decimal number, with an optional exponent: what a spreadsheet reads as a number. */
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const HEADER = ['entity', 'external_id', 'stage', 'reasons', 'fields', 'codes', 'source_row'];

/**
 * A CSV cell (RFC 4180: quoted when it needs it). The values come from the customer's source and
 * from core, and the file is opened in spreadsheets: a value a spreadsheet would take for a formula
 * (starting with `=`, `+`, `-`, `@`, a tab or a carriage return, e.g. `=HYPERLINK(…)`) gets a leading
 * `'`, which spreadsheets show as text and do not evaluate. A plain number (`-5`, `+1.25`, `-3e5`) is
 * no formula and stays as it is, so signed ids and amounts keep their value.
 */
export function csvCell(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A run's rejected records as CSV lines for the onboarding team, the header first: one line per
 * record, every reason (`field: code: message`, joined by ` | `), and the source row as JSON. Read
 * from the store a page at a time, so a large run streams.
 */
export async function* rejectionsCsvLines(store: RunStore, runId: string): AsyncGenerator<string> {
  yield `${HEADER.join(',')}\r\n`;
  for (let offset = 0; ; offset += 1000) {
    const page = await store.rejections(runId, 1000, offset);
    for (const r of page) {
      const cells = [
        r.entity,
        r.externalId ?? '',
        r.stage,
        r.errors.map((e) => `${e.field}: ${e.code}: ${e.message}`).join(' | '),
        r.errors.map((e) => e.field).join(' | '),
        r.errors.map((e) => e.code).join(' | '),
        JSON.stringify(r.row),
      ];
      yield `${cells.map(csvCell).join(',')}\r\n`;
    }
    if (page.length < 1000) break;
  }
}

/** Writes a run's rejected records as CSV (`rejectionsCsvLines`) to a file. Returns the count. */
export async function writeRejectionsCsv(store: RunStore, runId: string, file: string): Promise<number> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  let lines = 0;
  try {
    for await (const line of rejectionsCsvLines(store, runId)) {
      if (!out.write(line)) await once(out, 'drain');
      lines += 1;
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return Math.max(0, lines - 1);
}

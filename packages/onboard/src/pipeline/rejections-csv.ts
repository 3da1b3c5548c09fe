import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { RunStore } from '../store/run-store.ts';

const HEADER = ['entity', 'external_id', 'stage', 'reasons', 'fields', 'codes', 'source_row'];

/** Quotes a CSV cell when it needs it (RFC 4180). */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Writes a run's rejected records as CSV for the onboarding team: one line per record, every
 * reason (`field: code: message`, joined by ` | `), and the source row as JSON. Returns the count.
 */
export async function writeRejectionsCsv(store: RunStore, runId: string, file: string): Promise<number> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  let count = 0;
  try {
    await write(`${HEADER.join(',')}\r\n`);
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
        await write(`${cells.map(csvCell).join(',')}\r\n`);
        count += 1;
      }
      if (page.length < 1000) break;
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return count;
}

/**
 * Reading and parsing an import request body in core: as one string (how core did it up to this
 * change: the socket's chunks decoded into one string, `JSON.parse`, then `findDuplicateJsonKey`
 * over the text) against from its bytes in pieces (`parseJsonObjectBytes` with `JsonBodyScan`:
 * the chunks concatenated into one Buffer, each top-level member and each ~64 KiB run of `rows`
 * decoded and parsed on its own). Bodies: 2,000 records of `bench/lib/core-records.ts` in the
 * columnar form (`toColumnarImport`), customers and invoice lines, cut into 64 KiB chunks as a
 * socket delivers them. The two ways alternate, round by round; each round times `--reps` parses
 * of each body and prints the median per body in ms.
 *
 *   node --max-semi-space-size=16 bench/core-body-parse.ts [--rounds 8] [--reps 41]
 */
import { parseArgs } from 'node:util';
import { parseJsonObjectBytes, toColumnarImport } from '@madeup/contract';
import { findDuplicateJsonKey, JsonBodyScan } from '@madeup/core';
import { benchCustomer, benchInvoiceLine } from './lib/core-records.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string' }, reps: { type: 'string' } } });
const rounds = Number(values.rounds ?? 8);
const reps = Number(values.reps ?? 41);
const CHUNK = 64 * 1024;

function chunksOf(records: ReturnType<typeof benchCustomer>[]): Buffer[] {
  const body = Buffer.from(JSON.stringify(toColumnarImport({ source: 'vendor-x', records })), 'utf8');
  const chunks: Buffer[] = [];
  for (let at = 0; at < body.length; at += CHUNK) chunks.push(Buffer.from(body.subarray(at, at + CHUNK)));
  return chunks;
}

const bodies = {
  customers: chunksOf(Array.from({ length: 2000 }, (_, n) => benchCustomer(n))),
  lines: chunksOf(Array.from({ length: 2000 }, (_, n) => benchInvoiceLine(n))),
};

function asString(chunks: Buffer[]): unknown {
  let text = '';
  for (const chunk of chunks) text += chunk.toString('utf8');
  const value: unknown = JSON.parse(text);
  if (findDuplicateJsonKey(text) !== undefined) throw new Error('unexpected');
  return value;
}

function inPieces(chunks: Buffer[]): unknown {
  const bytes = Buffer.concat(chunks);
  const scan = new JsonBodyScan(bytes);
  const value = parseJsonObjectBytes(bytes, scan);
  if (scan.found !== undefined) throw new Error('unexpected');
  return value;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function time(parse: (chunks: Buffer[]) => unknown, chunks: Buffer[]): number {
  const ms: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = process.hrtime.bigint();
    parse(chunks);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(ms);
}

for (const [name, chunks] of Object.entries(bodies)) {
  const bytes = chunks.reduce((n, c) => n + c.length, 0);
  if (JSON.stringify(asString(chunks)) !== JSON.stringify(inPieces(chunks)))
    throw new Error(`${name}: results differ`);
  console.log(`${name}: ${bytes} bytes`);
}
for (let round = 1; round <= rounds; round++) {
  const line: string[] = [];
  for (const [name, chunks] of Object.entries(bodies)) {
    const a = time(asString, chunks);
    const b = time(inPieces, chunks);
    line.push(`${name} string ${a.toFixed(2)} / pieces ${b.toFixed(2)} ms`);
  }
  console.log(`round ${round}: ${line.join('; ')}`);
}

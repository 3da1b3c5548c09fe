import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { openText } from './decode.ts';
import { parseJsonLine } from './json-line.ts';

/**
 * An NDJSON file as a stream of parsed lines. Blank lines are skipped; a line that is not a JSON
 * object yields `{ invalid: text }` so the reader can warn with its position.
 */
export function ndjsonRecords(path: string, encoding: string): Readable {
  return Readable.from(lines(openText(path, encoding)), { objectMode: true, highWaterMark: 1024 });
}

/** What one NDJSON line became. */
export type NdjsonRecord = { readonly value: Record<string, unknown> } | { readonly invalid: string };

async function* lines(text: Readable): AsyncGenerator<NdjsonRecord> {
  let rest = '';
  let first = true;
  const bytes = new StringDecoder('utf8');
  for await (const chunk of text) {
    let data = rest + (typeof chunk === 'string' ? chunk : bytes.write(chunk as Buffer));
    if (first) {
      data = data.replace(/^\uFEFF/, '');
      first = false;
    }
    const parts = data.split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) {
      const record = parseLine(line);
      if (record) yield record;
    }
  }
  // Bytes of a character the file ends inside become U+FFFD, as invalid UTF-8 does anywhere else.
  const record = parseLine(rest + bytes.end());
  if (record) yield record;
}

function parseLine(line: string): NdjsonRecord | undefined {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (text.trim() === '') return undefined;
  try {
    const value: unknown = parseJsonLine(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? { value: value as Record<string, unknown> }
      : { invalid: text };
  } catch {
    return { invalid: text };
  }
}

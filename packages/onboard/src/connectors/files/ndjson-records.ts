import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { openText } from './decode.ts';
import { parseJsonLine, parseJsonLineRenaming } from './json-line.ts';
import { mayRepeatKeys, type RepeatedKey, repeatedKeys } from './repeated-keys.ts';

/**
 * An NDJSON file as a stream of parsed lines. Blank lines are skipped; a line that is not a JSON
 * object yields `{ invalid: text }` so the reader can warn with its position.
 */
export function ndjsonRecords(path: string, encoding: string): Readable {
  return Readable.from(lines(openText(path, encoding)), { objectMode: true, highWaterMark: 1024 });
}

/**
 * A key the line's object repeats: a top-level one's later value is read under `to` (`name_2`, as a
 * repeated CSV header name is); one inside a value (`to` null) keeps its last value, as `JSON.parse`.
 */
export interface RepeatedNdjsonKey {
  readonly key: string;
  readonly to: string | null;
}

/** What one NDJSON line became. */
export type NdjsonRecord =
  | { readonly value: Record<string, unknown>; readonly repeated?: readonly RepeatedNdjsonKey[] }
  | { readonly invalid: string };

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
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { invalid: text };
    const found = mayRepeatKeys(text, value) ? repeatedKeys(text) : null;
    return found === null ? { value: value as Record<string, unknown> } : withRepeats(text, found);
  } catch {
    return { invalid: text };
  }
}

/**
 * A line whose object repeats a key: each later value of a top-level key is read as `key_2`
 * (`_3`, ...: the first suffix that is no key of the line's object and not yet given), so no value
 * is lost; the reader and discover say so.
 */
function withRepeats(text: string, found: { repeats: RepeatedKey[]; topKeys: Set<string> }): NdjsonRecord {
  const taken = found.topKeys;
  const repeated: RepeatedNdjsonKey[] = found.repeats
    .filter((repeat) => repeat.nested)
    .map((repeat) => ({ key: repeat.key, to: null }));
  const value = parseJsonLineRenaming(text, (key) => {
    for (let n = 2; ; n++) {
      const to = `${key}_${n}`;
      if (taken.has(to)) continue;
      taken.add(to);
      repeated.push({ key, to });
      return to;
    }
  }) as Record<string, unknown>;
  return { value, repeated };
}

/** The warning for a repeated key; `where` names the record (`t: a.ndjson record 3`). */
export function repeatedKeyWarning(where: string, repeat: RepeatedNdjsonKey): string {
  const key = JSON.stringify(repeat.key);
  return repeat.to === null
    ? `${where} repeats key ${key} in an object inside a value; its last value kept`
    : `${where} repeats key ${key}; its later value read as ${JSON.stringify(repeat.to)}`;
}

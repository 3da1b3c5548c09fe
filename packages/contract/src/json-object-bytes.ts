/** A top-level member of the object, as `parseJsonObjectBytes` meets it (see `JsonObjectVisitor`). */
export interface JsonObjectPiece {
  /** The member's name. */
  readonly name: string;
  /**
   * The JSON text given to `JSON.parse`: the member's whole value, or (`firstIndex` set: the
   * value is an array) a run of its elements, in brackets.
   */
  readonly text: string;
  /** For a run of an array's elements: the index of its first element in the array. */
  readonly firstIndex: number | undefined;
  /**
   * Byte offset in the body of `text`'s first character; for a run, of its first element (the
   * opening bracket of `text` is not in the body).
   */
  readonly byteOffset: number;
}

/** Called by `parseJsonObjectBytes` with each piece of text it parsed, in body order. */
export interface JsonObjectVisitor {
  /** A top-level member's name, at `byteOffset` (its opening quote) in the body. */
  member?(name: string, byteOffset: number): void;
  /** A piece of a member's value (its whole value, or a run of its array's elements). */
  piece?(piece: JsonObjectPiece): void;
}

/** An array value longer than this many bytes is parsed in runs of elements of about this size. */
export const JSON_PIECE_BYTES = 64 * 1024;

/**
 * A JSON object parsed from its UTF-8 bytes one top-level member at a time: each member's value is
 * decoded and given to `JSON.parse` on its own (an array value in runs of its elements of about
 * `JSON_PIECE_BYTES`), so no string of the whole body is made. The same value as
 * `JSON.parse(bytes.toString())`, and the same bodies refused (a `SyntaxError`); a body that is
 * not an object is refused too. `visitor` sees each name and each piece of text parsed (core scans
 * them for repeated and prototype-poisoning keys).
 *
 * Why: V8 puts a string longer than 128 KiB in its large-object space, one fresh memory mapping
 * each, and on this machine making one costs about 5 µs a kB against 0.1 (a 140 kB string: ~650
 * µs, a 130 kB one: ~10 µs). Core's compact answer to a batch of 2,000 records is ~200 kB, and an
 * import request of 2,000 columnar rows 300-600 kB, nearly all of it one array (`rows`).
 */
export function parseJsonObjectBytes(
  bytes: Uint8Array,
  visitor?: JsonObjectVisitor,
): Record<string, unknown> {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let i = skipSpace(buffer, jsonTextStart(buffer));
  if (buffer[i] !== OPEN_OBJECT) throw new SyntaxError(`the body is not a JSON object: no '{' at byte ${i}`);
  const out: Record<string, unknown> = {};
  i = skipSpace(buffer, i + 1);
  if (buffer[i] === CLOSE_OBJECT) return end(buffer, i + 1, out);
  for (;;) {
    if (buffer[i] !== QUOTE) throw new SyntaxError(`a member name expected at byte ${i}`);
    const nameEnd = stringEnd(buffer, i);
    const name = parseText(buffer.toString('utf8', i, nameEnd), 'the member name', i) as string;
    visitor?.member?.(name, i);
    i = skipSpace(buffer, nameEnd);
    if (buffer[i] !== COLON) throw new SyntaxError(`':' expected at byte ${i}`);
    i = skipSpace(buffer, i + 1);
    let value: unknown;
    let valueEnd: number;
    if (buffer[i] === OPEN_ARRAY) {
      const array: unknown[] = [];
      valueEnd = parseArrayInRuns(buffer, i, name, array, visitor);
      value = array;
    } else {
      valueEnd = valueEndAt(buffer, i);
      const text = buffer.toString('utf8', i, valueEnd);
      value = parseText(text, `the value of ${JSON.stringify(name)}`, i);
      visitor?.piece?.({ name, text, firstIndex: undefined, byteOffset: i });
    }
    // As JSON.parse: `__proto__` is an own member like any other, never the prototype.
    if (name === '__proto__')
      Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
    else out[name] = value;
    i = skipSpace(buffer, valueEnd);
    if (buffer[i] === COMMA) {
      i = skipSpace(buffer, i + 1);
      continue;
    }
    if (buffer[i] === CLOSE_OBJECT) return end(buffer, i + 1, out);
    throw new SyntaxError(`',' or '}' expected at byte ${i}`);
  }
}

/** Where the JSON text of `bytes` starts: past a UTF-8 byte-order mark (skipped, as undici's `text()` and Fastify do). */
export function jsonTextStart(bytes: Uint8Array): number {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

/** Whether the JSON text of `bytes` (past a byte-order mark and white space) opens an object. */
export function opensJsonObject(bytes: Uint8Array): boolean {
  let i = jsonTextStart(bytes);
  while (isSpace(bytes[i])) i += 1;
  return bytes[i] === OPEN_OBJECT;
}

/**
 * Parses the array that opens at `from` into `out`, in runs of its elements (each about
 * `JSON_PIECE_BYTES`, or one larger element alone) decoded and parsed in brackets, and returns the
 * offset just past it. A run is a piece whose `firstIndex` is its first element's.
 *
 * Finding each element's end byte by byte costs about as much as `JSON.parse` itself, so a run is
 * first cut where it is likely to end: at the first `],[` or `},{` past `JSON_PIECE_BYTES` (two
 * rows, or two records), and the tail at the body's last `]` when only `}` follows it. A cut is
 * kept only when the run parses: a cut inside a string leaves that string unterminated, and one
 * inside an element leaves its brackets unbalanced, so a run that parses is a whole list of
 * elements, and the runs with the commas between them are the array. When a cut does not parse,
 * the rest of the array is walked element by element (`parseArrayExactly`).
 */
function parseArrayInRuns(
  buffer: Buffer,
  from: number,
  name: string,
  out: unknown[],
  visitor?: JsonObjectVisitor,
): number {
  let i = skipSpace(buffer, from + 1);
  if (buffer[i] === CLOSE_ARRAY) {
    visitor?.piece?.({ name, text: '[]', firstIndex: 0, byteOffset: i });
    return i + 1;
  }
  for (;;) {
    const cut = likelyCut(buffer, i + JSON_PIECE_BYTES);
    if (cut < 0) break;
    if (!tryRun(buffer, i, cut + 1, name, out, visitor))
      return parseArrayExactly(buffer, i, name, out, visitor);
    i = cut + 2;
  }
  // The tail: up to the last `]` of the body, when the object closes right after it.
  const last = buffer.lastIndexOf(CLOSE_ARRAY);
  if (
    last > i &&
    skipSpace(buffer, last + 1) === lastObjectClose(buffer) &&
    tryRun(buffer, i, last, name, out, visitor)
  )
    return last + 1;
  return parseArrayExactly(buffer, i, name, out, visitor);
}

/** The offset of the body's last `}` when only white space follows it, or -1. */
function lastObjectClose(buffer: Buffer): number {
  let i = buffer.length - 1;
  while (isSpace(buffer[i])) i -= 1;
  return buffer[i] === CLOSE_OBJECT ? i : -1;
}

const ROW_CUT = Buffer.from('],[');
const RECORD_CUT = Buffer.from('},{');

/** The offset of the first `]` or `}` of a `],[` or `},{` at or past `from`, or -1. */
function likelyCut(buffer: Buffer, from: number): number {
  if (from >= buffer.length) return -1;
  const row = buffer.indexOf(ROW_CUT, from);
  const record = buffer.indexOf(RECORD_CUT, from);
  if (row < 0) return record;
  if (record < 0) return row;
  return Math.min(row, record);
}

/** Parses `[` + bytes `from`..`to` + `]` into `out` when they parse, and says whether they did. */
function tryRun(
  buffer: Buffer,
  from: number,
  to: number,
  name: string,
  out: unknown[],
  visitor?: JsonObjectVisitor,
): boolean {
  const text = `[${buffer.toString('utf8', from, to)}]`;
  let run: unknown[];
  try {
    run = JSON.parse(text) as unknown[];
  } catch {
    return false;
  }
  addRun(run, text, from, name, out, visitor);
  return true;
}

/** Appends a parsed run's elements to `out` and shows the visitor its text (at `from` in the body). */
function addRun(
  run: readonly unknown[],
  text: string,
  from: number,
  name: string,
  out: unknown[],
  visitor?: JsonObjectVisitor,
): void {
  visitor?.piece?.({ name, text, firstIndex: out.length, byteOffset: from });
  for (let k = 0; k < run.length; k++) out.push(run[k]);
}

/**
 * Parses the rest of an array from its element at `from` into `out`, walking it element by
 * element, in runs as `parseArrayInRuns` does, and returns the offset just past it. Every byte
 * between the runs is checked here (a comma, white space), so nothing `JSON.parse` refuses passes.
 */
function parseArrayExactly(
  buffer: Buffer,
  from: number,
  name: string,
  out: unknown[],
  visitor?: JsonObjectVisitor,
): number {
  let i = from;
  let runStart = i;
  for (;;) {
    const elementEnd = valueEndAt(buffer, i);
    i = skipSpace(buffer, elementEnd);
    const last = buffer[i] === CLOSE_ARRAY;
    if (!last && buffer[i] !== COMMA) throw new SyntaxError(`',' or ']' expected at byte ${i}`);
    if (last || elementEnd - runStart >= JSON_PIECE_BYTES) {
      const text = `[${buffer.toString('utf8', runStart, elementEnd)}]`;
      const run = parseText(text, `elements of ${JSON.stringify(name)}`, runStart) as unknown[];
      addRun(run, text, runStart, name, out, visitor);
      if (last) return i + 1;
      runStart = skipSpace(buffer, i + 1);
    }
    i = skipSpace(buffer, i + 1);
  }
}

/** `JSON.parse(text)`, its SyntaxError naming what the text is and its byte offset in the body. */
function parseText(text: string, what: string, byteOffset: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SyntaxError(`${what} at byte ${byteOffset}: ${(error as Error).message}`);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function skipSpace(buffer: Buffer, from: number): number {
  let i = from;
  while (isSpace(buffer[i])) i += 1;
  return i;
}

/** Only white space may follow the object. */
function end(buffer: Buffer, from: number, out: Record<string, unknown>): Record<string, unknown> {
  const i = skipSpace(buffer, from);
  if (i !== buffer.length) throw new SyntaxError(`unexpected byte after the object at byte ${i}`);
  return out;
}

/** Just past the string that opens at `from` (a quote): the next quote not escaped (found natively). */
function stringEnd(buffer: Buffer, from: number): number {
  let at = from + 1;
  for (;;) {
    const quote = buffer.indexOf(QUOTE, at);
    if (quote < 0) throw new SyntaxError(`the string at byte ${from} is not closed`);
    let backslashes = 0;
    while (buffer[quote - 1 - backslashes] === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}

/**
 * Just past the value that starts at `from`: a string, an object or array (brackets counted,
 * strings skipped; whether they match is `JSON.parse`'s to check), or a literal up to the next
 * delimiter.
 */
function valueEndAt(buffer: Buffer, from: number): number {
  const first = buffer[from];
  if (first === QUOTE) return stringEnd(buffer, from);
  if (first === OPEN_OBJECT || first === OPEN_ARRAY) {
    let depth = 0;
    let i = from;
    while (i < buffer.length) {
      const byte = buffer[i];
      if (byte === QUOTE) {
        i = stringEnd(buffer, i);
        continue;
      }
      if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) depth += 1;
      else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
        depth -= 1;
        if (depth === 0) return i + 1;
      }
      i += 1;
    }
    throw new SyntaxError(`the object or array at byte ${from} is not closed`);
  }
  let i = from;
  while (i < buffer.length) {
    const byte = buffer[i];
    if (byte === COMMA || byte === CLOSE_OBJECT || byte === CLOSE_ARRAY || isSpace(byte)) break;
    i += 1;
  }
  if (i === from) throw new SyntaxError(`a value expected at byte ${from}`);
  return i;
}

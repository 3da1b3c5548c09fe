/**
 * A JSON object parsed from its UTF-8 bytes one top-level member at a time: each member's value is
 * decoded and given to `JSON.parse` on its own, so no string of the whole body is made. The same
 * value as `JSON.parse(bytes.toString())`, and the same bodies refused (a `SyntaxError`).
 *
 * Why: V8 puts a string longer than 128 KiB in its large-object space, one fresh memory mapping
 * each, and on this machine making one costs about 5 µs a kB against 0.1 (a 140 kB string: ~650
 * µs, a 130 kB one: ~10 µs). Core's compact answer to a batch of 2,000 records is ~200 kB (its
 * content hashes alone 128 kB), so decoding it whole cost ~1.7 ms a batch; its largest member
 * stays below the limit.
 */
export function parseJsonObjectBytes(bytes: Uint8Array): Record<string, unknown> {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  // A byte-order mark is skipped, as undici's `text()` does.
  const bom = buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
  let i = skipSpace(buffer, bom ? 3 : 0);
  if (buffer[i] !== OPEN_OBJECT) throw new SyntaxError('the body is not a JSON object');
  const out: Record<string, unknown> = {};
  i = skipSpace(buffer, i + 1);
  if (buffer[i] === CLOSE_OBJECT) return end(buffer, i + 1, out);
  for (;;) {
    if (buffer[i] !== QUOTE) throw new SyntaxError(`a member name expected at byte ${i}`);
    const nameEnd = stringEnd(buffer, i);
    const name = JSON.parse(buffer.toString('utf8', i, nameEnd)) as string;
    i = skipSpace(buffer, nameEnd);
    if (buffer[i] !== COLON) throw new SyntaxError(`':' expected at byte ${i}`);
    i = skipSpace(buffer, i + 1);
    const valueEnd = valueEndAt(buffer, i);
    const value: unknown = JSON.parse(buffer.toString('utf8', i, valueEnd));
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
  if (i !== buffer.length) throw new SyntaxError(`unexpected byte after the object at ${i}`);
  return out;
}

/** Just past the string that opens at `from` (a quote): the next quote not escaped (found natively). */
function stringEnd(buffer: Buffer, from: number): number {
  let at = from + 1;
  for (;;) {
    const quote = buffer.indexOf(QUOTE, at);
    if (quote < 0) throw new SyntaxError('unterminated string');
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
    throw new SyntaxError('unterminated object or array');
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

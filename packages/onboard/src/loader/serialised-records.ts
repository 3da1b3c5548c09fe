/**
 * A batch's serialised `ImportRecord`s as UTF-8 bytes: each record's JSON written once, straight
 * into buffers of `CHUNK_BYTES`, a comma between records, so a request body is those bytes between
 * an envelope's head and tail, without joining strings or encoding the batch again. The bytes are
 * outside V8's heap, one byte a character for the usual ASCII JSON (a JavaScript string of
 * non-Latin-1 text takes two a character).
 */
export class SerialisedRecords {
  readonly #chunks: readonly Buffer[];
  /** Where record i starts and ends, as offsets into the concatenated chunks (commas excluded). */
  readonly #starts: readonly number[];
  readonly #ends: readonly number[];

  constructor(chunks: readonly Buffer[], starts: readonly number[], ends: readonly number[]) {
    this.#chunks = chunks;
    this.#starts = starts;
    this.#ends = ends;
  }

  /** Records already serialised as JSON strings (tests, tools). */
  static of(jsons: readonly string[]): SerialisedRecords {
    const writer = new RecordsWriter();
    for (const json of jsons) writer.add(json, Buffer.byteLength(json));
    return writer.take();
  }

  get count(): number {
    return this.#starts.length;
  }

  /**
   * The request body `head` + the records comma-separated + `tail`, in one buffer (one copy of the
   * records' bytes); it can also give a body of some of the records (see `RequestBody`), so these
   * chunks need not be kept once it is made.
   */
  body(head: string, tail: string): RequestBody {
    const headBytes = Buffer.from(head, 'utf8');
    const tailBytes = Buffer.from(tail, 'utf8');
    const bytes = Buffer.concat([headBytes, ...this.#chunks, tailBytes]);
    return new RequestBody(bytes, headBytes.length, tailBytes.length, this.#starts, this.#ends);
  }
}

/** A request body of serialised records between an envelope's head and tail. */
export class RequestBody {
  /** The whole body: head, every record, tail. */
  readonly bytes: Buffer;
  readonly #head: number;
  readonly #tail: number;
  readonly #starts: readonly number[];
  readonly #ends: readonly number[];

  constructor(bytes: Buffer, head: number, tail: number, starts: readonly number[], ends: readonly number[]) {
    this.bytes = bytes;
    this.#head = head;
    this.#tail = tail;
    this.#starts = starts;
    this.#ends = ends;
  }

  /** How many records it holds. */
  get count(): number {
    return this.#starts.length;
  }

  /** The same envelope around records `from` to `to` only (end excluded): a new buffer. */
  part(from: number, to: number): Buffer {
    if (from === 0 && to === this.count) return this.bytes;
    const head = this.bytes.subarray(0, this.#head);
    const tail = this.bytes.subarray(this.bytes.length - this.#tail);
    if (to <= from) return Buffer.concat([head, tail]);
    const start = this.#head + (this.#starts[from] as number);
    const end = this.#head + (this.#ends[to - 1] as number);
    return Buffer.concat([head, this.bytes.subarray(start, end), tail]);
  }
}

/** Size of the buffers records are written into (a record larger than this gets one of its own). */
const CHUNK_BYTES = 256 * 1024;

/** Writes records' JSON into `SerialisedRecords` as they come. */
export class RecordsWriter {
  #chunks: Buffer[] = [];
  #current: Buffer | undefined;
  #used = 0;
  /** Bytes in the chunks before the current one. */
  #before = 0;
  #starts: number[] = [];
  #ends: number[] = [];

  /** Adds one record's JSON, `bytes` long in UTF-8 (`Buffer.byteLength(json)`). */
  add(json: string, bytes: number): void {
    const comma = this.#starts.length === 0 ? 0 : 1;
    let chunk = this.#current;
    if (chunk === undefined || chunk.length - this.#used < comma + bytes) {
      this.#seal();
      chunk = Buffer.allocUnsafeSlow(Math.max(CHUNK_BYTES, comma + bytes));
      this.#current = chunk;
    }
    if (comma === 1) chunk[this.#used++] = 0x2c;
    const start = this.#before + this.#used;
    this.#used += chunk.write(json, this.#used, 'utf8');
    this.#starts.push(start);
    this.#ends.push(this.#before + this.#used);
  }

  get count(): number {
    return this.#starts.length;
  }

  /** The records written so far; the writer starts again empty. */
  take(): SerialisedRecords {
    this.#seal();
    const records = new SerialisedRecords(this.#chunks, this.#starts, this.#ends);
    this.#chunks = [];
    this.#before = 0;
    this.#starts = [];
    this.#ends = [];
    return records;
  }

  /** Keeps the used part of the current chunk (a copy when much of it is unused, to free the rest). */
  #seal(): void {
    const chunk = this.#current;
    if (chunk === undefined) return;
    if (this.#used > 0) {
      const used = chunk.subarray(0, this.#used);
      this.#chunks.push(this.#used < chunk.length / 2 ? copyOf(used) : used);
      this.#before += this.#used;
    }
    this.#current = undefined;
    this.#used = 0;
  }
}

/** A copy of `bytes` in a buffer of its own (not a slice of Node.js's shared pool). */
function copyOf(bytes: Buffer): Buffer {
  const copy = Buffer.allocUnsafeSlow(bytes.length);
  bytes.copy(copy);
  return copy;
}

import { type BodyBuffers, bodyBuffers } from './body-buffers.ts';

/** What a request body holds around its records: `head` + records, comma-separated, + `tail`. */
export interface Envelope {
  readonly head: string;
  readonly tail: string;
  /** The body's `Content-Type`: `application/json` (the object form) unless set. */
  readonly mediaType?: string;
}

const JSON_MEDIA_TYPE = 'application/json';

/**
 * A request body of serialised `ImportRecord`s as UTF-8 bytes, written once as the records came
 * (see `BodyWriter`): no string of the batch is joined, and nothing is encoded twice. It knows where
 * each record lies, so the body of some of its records (`part`) is cut from it.
 */
export class RequestBody {
  /** The whole body: head, every record, tail. */
  readonly bytes: Buffer;
  /** Its `Content-Type`. */
  readonly mediaType: string;
  /** The pool buffer `bytes` is a view of, if it came from one. */
  #backing: Buffer | undefined;
  readonly #head: number;
  readonly #tail: number;
  /** Where record i starts and ends in `bytes` (commas excluded). */
  readonly #starts: readonly number[];
  readonly #ends: readonly number[];

  constructor(
    bytes: Buffer,
    spans: { head: number; tail: number; starts: readonly number[]; ends: readonly number[] },
    backing?: Buffer,
    mediaType = JSON_MEDIA_TYPE,
  ) {
    this.bytes = bytes;
    this.mediaType = mediaType;
    this.#backing = backing;
    this.#head = spans.head;
    this.#tail = spans.tail;
    this.#starts = spans.starts;
    this.#ends = spans.ends;
  }

  /** A body of records already serialised as JSON strings (tests, tools). */
  static of(envelope: Envelope, jsons: readonly string[]): RequestBody {
    const writer = new BodyWriter(envelope);
    for (const json of jsons) writer.add(json, Buffer.byteLength(json));
    return writer.take();
  }

  /** How many records it holds. */
  get count(): number {
    return this.#starts.length;
  }

  /** The same envelope around records `from` to `to` only (end excluded): `bytes` when all of them. */
  part(from: number, to: number): Buffer {
    if (from === 0 && to === this.count) return this.bytes;
    const head = this.bytes.subarray(0, this.#head);
    const tail = this.bytes.subarray(this.bytes.length - this.#tail);
    if (to <= from) return Buffer.concat([head, tail]);
    const start = this.#starts[from] as number;
    const end = this.#ends[to - 1] as number;
    return Buffer.concat([head, this.bytes.subarray(start, end), tail]);
  }

  /**
   * Gives the body's memory back to the pool it came from: only once nothing will read `bytes`
   * again (its request answered), as the next batch writes over it.
   */
  release(pool: BodyBuffers = bodyBuffers): void {
    if (this.#backing !== undefined) pool.release(this.#backing);
    this.#backing = undefined;
  }
}

/**
 * Writes records' JSON into a request body as they come, in a buffer from the pool that doubles
 * when a record does not fit; it starts at the size of the writer's previous body, so a stream
 * of similar batches is written without growing.
 */
export class BodyWriter {
  #head: Buffer;
  #tail: Buffer;
  #mediaType: string;
  readonly #pool: BodyBuffers;
  #buffer: Buffer | undefined;
  #used = 0;
  #starts: number[] = [];
  #ends: number[] = [];
  /** Size of the last body taken: where the next one starts. */
  #expected = 0;

  constructor(envelope: Envelope, pool: BodyBuffers = bodyBuffers) {
    this.#head = Buffer.from(envelope.head, 'utf8');
    this.#tail = Buffer.from(envelope.tail, 'utf8');
    this.#mediaType = envelope.mediaType ?? JSON_MEDIA_TYPE;
    this.#pool = pool;
  }

  /** Sets the envelope of the next body; only while no record of it is written. */
  envelope(envelope: Envelope): void {
    if (this.#starts.length > 0 || this.#buffer !== undefined)
      throw new Error("a body's envelope is set before its first record");
    this.#head = Buffer.from(envelope.head, 'utf8');
    this.#tail = Buffer.from(envelope.tail, 'utf8');
    this.#mediaType = envelope.mediaType ?? JSON_MEDIA_TYPE;
  }

  /** Adds one record's JSON, `bytes` long in UTF-8 (`Buffer.byteLength(json)`). */
  add(json: string, bytes: number): void {
    const comma = this.#starts.length === 0 ? 0 : 1;
    const buffer = this.#room(comma + bytes + this.#tail.length);
    if (comma === 1) buffer[this.#used++] = 0x2c;
    this.#starts.push(this.#used);
    this.#used += buffer.write(json, this.#used, 'utf8');
    this.#ends.push(this.#used);
  }

  get count(): number {
    return this.#starts.length;
  }

  /** The body of the records written so far; the writer starts again empty. */
  take(): RequestBody {
    const buffer = this.#room(this.#tail.length);
    this.#used += this.#tail.copy(buffer, this.#used);
    const body = new RequestBody(
      buffer.subarray(0, this.#used),
      { head: this.#head.length, tail: this.#tail.length, starts: this.#starts, ends: this.#ends },
      buffer,
      this.#mediaType,
    );
    this.#expected = this.#used;
    this.#buffer = undefined;
    this.#used = 0;
    this.#starts = [];
    this.#ends = [];
    return body;
  }

  /** The current buffer with `bytes` free after what is written (a new one holding the head at first). */
  #room(bytes: number): Buffer {
    let buffer = this.#buffer;
    if (buffer === undefined) {
      buffer = this.#pool.get(Math.max(this.#expected, this.#head.length + bytes));
      this.#used = this.#head.copy(buffer, 0);
      this.#buffer = buffer;
    }
    if (buffer.length - this.#used >= bytes) return buffer;
    const grown = this.#pool.get(Math.max(buffer.length * 2, this.#used + bytes));
    buffer.copy(grown, 0, 0, this.#used);
    this.#pool.release(buffer);
    this.#buffer = grown;
    return grown;
  }
}

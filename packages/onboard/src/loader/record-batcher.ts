import { BodyWriter, type Envelope, type RequestBody } from './request-body.ts';

/** The limits a batch must respect, from core's `SchemaDocument`. */
export interface BatchLimits {
  readonly maxRecords: number;
  readonly maxBytes: number;
}

/** Bytes counted for the request envelope around the records, or its own size if larger. */
const ENVELOPE_BYTES = 256;

/**
 * Groups serialised `ImportRecord`s into batches that respect both the record-count and the
 * body-size limit. Each record's JSON is written into the batch's request body as it comes (see
 * `BodyWriter`), so a record is serialised and encoded exactly once.
 */
export class RecordBatcher {
  readonly #limits: BatchLimits;
  readonly #records: BodyWriter;
  readonly #envelopeBytes: number;
  #bytes: number;

  constructor(limits: BatchLimits, envelope: Envelope) {
    this.#envelopeBytes = Math.max(
      ENVELOPE_BYTES,
      Buffer.byteLength(envelope.head) + Buffer.byteLength(envelope.tail),
    );
    if (limits.maxRecords < 1 || limits.maxBytes <= this.#envelopeBytes) {
      throw new RangeError(`batch limits too small: ${limits.maxRecords} records, ${limits.maxBytes} bytes`);
    }
    this.#limits = limits;
    this.#records = new BodyWriter(envelope);
    this.#bytes = this.#envelopeBytes;
  }

  /** True when a record of `bytes` can never be sent, even alone. */
  tooLarge(bytes: number): boolean {
    return this.#envelopeBytes + bytes > this.#limits.maxBytes;
  }

  /** True when adding a record of `bytes` would break a limit, so the current batch must go first. */
  wouldOverflow(bytes: number): boolean {
    if (this.#records.count === 0) return false;
    return this.#records.count >= this.#limits.maxRecords || this.#bytes + bytes + 1 > this.#limits.maxBytes;
  }

  /** True when the batch has reached the record limit. */
  get full(): boolean {
    return this.#records.count >= this.#limits.maxRecords;
  }

  /** Adds one record's JSON, `bytes` long in UTF-8. */
  add(json: string, bytes: number): void {
    this.#records.add(json, bytes);
    this.#bytes += bytes + 1;
  }

  get size(): number {
    return this.#records.count;
  }

  /** Returns the current batch's request body and starts a new one. */
  take(): RequestBody {
    this.#bytes = this.#envelopeBytes;
    return this.#records.take();
  }
}

/**
 * The envelope of an `ImportBatchRequest` body around its records: the source's name and, when
 * set, `deferUnresolved`.
 */
export function batchEnvelope(source: string, deferUnresolved: boolean): Envelope {
  const defer = deferUnresolved ? ',"deferUnresolved":true' : '';
  return { head: `{"source":${JSON.stringify(source)}${defer},"records":[`, tail: ']}' };
}

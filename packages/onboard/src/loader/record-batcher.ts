import { COLUMNAR_IMPORT_MEDIA_TYPE, type ImportColumns } from '@madeup/contract';
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
  #envelopeBytes: number;
  #bytes: number;

  constructor(limits: BatchLimits, envelope: Envelope) {
    this.#envelopeBytes = envelopeBytes(envelope);
    if (limits.maxRecords < 1 || limits.maxBytes <= this.#envelopeBytes) {
      throw new RangeError(`batch limits too small: ${limits.maxRecords} records, ${limits.maxBytes} bytes`);
    }
    this.#limits = limits;
    this.#records = new BodyWriter(envelope);
    this.#bytes = this.#envelopeBytes;
  }

  /**
   * True when a record of `bytes` can never be sent, even alone: in this batch's envelope, or in
   * one of `around` bytes (`envelopeBytes`) if given.
   */
  tooLarge(bytes: number, around = this.#envelopeBytes): boolean {
    return around + bytes > this.#limits.maxBytes;
  }

  /** Sets the envelope of the batch, before its first record (a columnar batch's names its columns). */
  begin(envelope: Envelope): void {
    this.#records.envelope(envelope);
    this.#envelopeBytes = envelopeBytes(envelope);
    this.#bytes = this.#envelopeBytes;
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

/** Bytes counted for an envelope: its own size, at least `ENVELOPE_BYTES`. */
export function envelopeBytes(envelope: Envelope): number {
  return Math.max(ENVELOPE_BYTES, Buffer.byteLength(envelope.head) + Buffer.byteLength(envelope.tail));
}

/**
 * The envelope of a `ColumnarImportRequest` body around its rows: the source's name,
 * `deferUnresolved` when set, and the batch's column names.
 */
export function columnarEnvelope(source: string, deferUnresolved: boolean, columns: ImportColumns): Envelope {
  const defer = deferUnresolved ? ',"deferUnresolved":true' : '';
  const names = `"fields":${JSON.stringify(columns.fields)},"refs":${JSON.stringify(columns.refs)}`;
  return {
    head: `{"source":${JSON.stringify(source)}${defer},${names},"rows":[`,
    tail: ']}',
    mediaType: COLUMNAR_IMPORT_MEDIA_TYPE,
  };
}

/**
 * The envelope of an `ImportBatchRequest` body around its records: the source's name and, when
 * set, `deferUnresolved`.
 */
export function batchEnvelope(source: string, deferUnresolved: boolean): Envelope {
  const defer = deferUnresolved ? ',"deferUnresolved":true' : '';
  return { head: `{"source":${JSON.stringify(source)}${defer},"records":[`, tail: ']}' };
}

import { RecordsWriter, type RequestBody, type SerialisedRecords } from './serialised-records.ts';

/** The limits a batch must respect, from core's `SchemaDocument`. */
export interface BatchLimits {
  readonly maxRecords: number;
  readonly maxBytes: number;
}

/** Bytes of the request envelope around the records, with headroom for the source name. */
const ENVELOPE_BYTES = 256;

/**
 * Groups serialised `ImportRecord`s into batches that respect both the record-count and the
 * body-size limit. It writes each record's JSON into the batch's bytes as it comes (see
 * `SerialisedRecords`), so a record is serialised and encoded exactly once.
 */
export class RecordBatcher {
  readonly #limits: BatchLimits;
  readonly #records = new RecordsWriter();
  #bytes = ENVELOPE_BYTES;

  constructor(limits: BatchLimits) {
    if (limits.maxRecords < 1 || limits.maxBytes <= ENVELOPE_BYTES) {
      throw new RangeError(`batch limits too small: ${limits.maxRecords} records, ${limits.maxBytes} bytes`);
    }
    this.#limits = limits;
  }

  /** True when a record of `bytes` can never be sent, even alone. */
  tooLarge(bytes: number): boolean {
    return ENVELOPE_BYTES + bytes > this.#limits.maxBytes;
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

  /** Returns the current batch's records and starts a new one. */
  take(): SerialisedRecords {
    this.#bytes = ENVELOPE_BYTES;
    return this.#records.take();
  }
}

/**
 * The body of an `ImportBatchRequest` from already serialised records, as UTF-8 bytes (and the
 * bodies of parts of the batch, see `RequestBody`).
 */
export function batchBody(source: string, deferUnresolved: boolean, records: SerialisedRecords): RequestBody {
  const defer = deferUnresolved ? ',"deferUnresolved":true' : '';
  return records.body(`{"source":${JSON.stringify(source)}${defer},"records":[`, ']}');
}

/** The limits a batch must respect, from core's `SchemaDocument`. */
export interface BatchLimits {
  readonly maxRecords: number;
  readonly maxBytes: number;
}

/** Bytes of the request envelope around the records, with headroom for the source name. */
const ENVELOPE_BYTES = 256;

/**
 * Groups serialised `ImportRecord`s into batches that respect both the record-count and the
 * body-size limit. It keeps each record's JSON, so a record is serialised exactly once.
 */
export class RecordBatcher {
  readonly #limits: BatchLimits;
  #records: string[] = [];
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
    if (this.#records.length === 0) return false;
    return this.#records.length >= this.#limits.maxRecords || this.#bytes + bytes + 1 > this.#limits.maxBytes;
  }

  /** True when the batch has reached the record limit. */
  get full(): boolean {
    return this.#records.length >= this.#limits.maxRecords;
  }

  add(json: string, bytes: number): void {
    this.#records.push(json);
    this.#bytes += bytes + 1;
  }

  get size(): number {
    return this.#records.length;
  }

  /** Returns the current batch's records and starts a new one. */
  take(): string[] {
    const records = this.#records;
    this.#records = [];
    this.#bytes = ENVELOPE_BYTES;
    return records;
  }
}

/** The body of an `ImportBatchRequest` from already serialised records. */
export function batchBody(source: string, deferUnresolved: boolean, records: readonly string[]): string {
  const defer = deferUnresolved ? ',"deferUnresolved":true' : '';
  return `{"source":${JSON.stringify(source)}${defer},"records":[${records.join(',')}]}`;
}

import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { ConnectorError } from '../connector-error.ts';

/** A CSV file that cannot be parsed (unclosed quote, stray quote); names the file and record. */
export class CsvSyntaxError extends ConnectorError {
  override readonly name = 'CsvSyntaxError';
}

export interface CsvParserOptions {
  /** Field separator, one or more characters. */
  readonly delimiter: string;
  /** Quote character; empty turns quoting off. */
  readonly quote: string;
  /** Names the input in errors. */
  readonly source: string;
}

/**
 * Text (or UTF-8 bytes) -> CSV records, as arrays of fields. RFC 4180 plus what real files do: a
 * leading BOM, LF, CRLF or CR line ends (mixed), records of any width, empty lines skipped, quoted
 * fields with delimiters, doubled quotes and line breaks inside. An empty unquoted field is null, a
 * quoted empty field ("") the empty string. Fields are sliced from the chunk text, with no per-field
 * callback or context object; a record cut by a chunk boundary is parsed again from its start.
 */
export class CsvParser extends Transform {
  readonly #delimiter: string;
  readonly #d0: number;
  readonly #quote: number;
  readonly #quoteText: string;
  readonly #source: string;
  readonly #decoder = new StringDecoder('utf8');
  #rest = '';
  #first = true;
  #records = 0;

  constructor(options: CsvParserOptions) {
    super({ readableObjectMode: true, readableHighWaterMark: 4096 });
    if (options.delimiter === '') throw new RangeError('CSV delimiter must not be empty');
    this.#delimiter = options.delimiter;
    this.#d0 = options.delimiter.charCodeAt(0);
    this.#quote = options.quote === '' ? -1 : options.quote.charCodeAt(0);
    this.#quoteText = options.quote.slice(0, 1);
    this.#source = options.source;
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#feed(typeof chunk === 'string' ? chunk : this.#decoder.write(chunk), false, done);
  }

  override _flush(done: TransformCallback): void {
    this.#feed(this.#decoder.end(), true, done);
  }

  #feed(text: string, final: boolean, done: TransformCallback): void {
    let all = this.#rest + text;
    if (this.#first && all.length > 0) {
      this.#first = false;
      if (all.charCodeAt(0) === 0xfeff) all = all.slice(1);
    }
    try {
      this.#rest = all.slice(this.#parse(all, final));
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  /** Pushes every complete record of `t`; returns where the first incomplete one starts. */
  #parse(t: string, final: boolean): number {
    const n = t.length;
    const d0 = this.#d0;
    const dl = this.#delimiter.length;
    const q = this.#quote;
    let pos = 0;
    records: while (pos < n) {
      const start = pos;
      const record: (string | null)[] = [];
      for (;;) {
        let end: number;
        if (t.charCodeAt(pos) === q) {
          // Quoted: up to the quote that is not doubled.
          let value = '';
          let from = pos + 1;
          for (;;) {
            const close = t.indexOf(this.#quoteText, from);
            if (close < 0 || (close + 1 >= n && !final)) {
              if (final) throw this.#error('a quoted field is not closed');
              return start;
            }
            if (t.charCodeAt(close + 1) === q) {
              value += t.slice(from, close + 1);
              from = close + 2;
              continue;
            }
            value += t.slice(from, close);
            end = close + 1;
            break;
          }
          record.push(value);
          const c = t.charCodeAt(end);
          // A delimiter of several characters may be cut by the chunk boundary: wait for the rest.
          if (!final && end + dl > n && this.#delimiter.startsWith(t.slice(end))) return start;
          if (
            end < n &&
            c !== 10 &&
            c !== 13 &&
            !(c === d0 && (dl === 1 || t.startsWith(this.#delimiter, end)))
          )
            throw this.#error(`characters follow the closing quote of field ${record.length}`);
        } else {
          end = pos;
          for (; end < n; end++) {
            const c = t.charCodeAt(end);
            if (c === 10 || c === 13 || (c === d0 && (dl === 1 || t.startsWith(this.#delimiter, end)))) break;
            if (c === q) throw this.#error(`a quote appears inside unquoted field ${record.length + 1}`);
          }
          if (end >= n && !final) return start;
          record.push(end === pos ? null : t.slice(pos, end));
        }
        const c = t.charCodeAt(end);
        if (end < n && c !== 10 && c !== 13) {
          pos = end + dl;
          continue;
        }
        // End of record: CRLF needs the next character (a chunk may end between the two).
        if (c === 13 && end + 1 >= n && !final) return start;
        pos = c === 13 && t.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
        if (record.length === 1 && record[0] === null) continue records;
        this.#records++;
        this.push(record);
        continue records;
      }
    }
    return pos;
  }

  #error(what: string): CsvSyntaxError {
    return new CsvSyntaxError(`${this.#source}: record ${this.#records + 1}: ${what}`);
  }
}

import type { Readable } from 'node:stream';
import { type Options, parse } from 'csv-parse';
import { openText } from './decode.ts';
import type { FileFormat } from './file-format.ts';

/**
 * A CSV file as a stream of records (arrays of fields; the header is the first record). Handles a
 * BOM, quoted fields with embedded delimiters, quotes and newlines, and CRLF or LF line ends. An
 * empty unquoted field is null; a quoted empty field ("") is the empty string.
 */
export function csvRecords(path: string, format: FileFormat): Readable {
  const options: Options & { readableHighWaterMark: number } = {
    bom: true,
    delimiter: format.delimiter ?? (path.toLowerCase().endsWith('.tsv') ? '\t' : ','),
    quote: format.quote,
    relax_column_count: true,
    skip_empty_lines: true,
    cast: (value, context) => (value === '' && !context.quoting ? null : value),
    // Parse ahead by a few thousand records, not 16: fewer stop-and-go turns between file and parser.
    readableHighWaterMark: 4096,
  };
  const parser = parse(options);
  const text = openText(path, format.encoding);
  text.on('error', (error) => parser.destroy(error));
  parser.on('close', () => text.destroy());
  return text.pipe(parser);
}

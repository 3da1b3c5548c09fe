import type { Readable } from 'node:stream';
import { CsvParser } from './csv-parser.ts';
import { openText } from './decode.ts';
import type { FileFormat } from './file-format.ts';

/**
 * A CSV file as a stream of records (arrays of fields; the header is the first record). Handles a
 * BOM, quoted fields with embedded delimiters, quotes and newlines, and CRLF or LF line ends. An
 * empty unquoted field is null; a quoted empty field ("") is the empty string.
 */
export function csvRecords(path: string, format: FileFormat): Readable {
  const parser = new CsvParser({
    delimiter: format.delimiter ?? (path.toLowerCase().endsWith('.tsv') ? '\t' : ','),
    quote: format.quote,
    source: path,
  });
  const text = openText(path, format.encoding);
  text.on('error', (error) => parser.destroy(error));
  parser.on('close', () => text.destroy());
  return text.pipe(parser);
}

import type { Partition } from '../connector.ts';
import type { FileStream } from './file-stream.ts';
import { FILE_KEY } from './normalise.ts';

/** Beyond any record number: a bound `[file, LAST]` means "up to the end of `file`". */
export const LAST_ROW = Number.MAX_SAFE_INTEGER;

/**
 * One partition per file, as key ranges on (`_source_file`, `_source_row`):
 * `(previous file, LAST) < key <= (file, LAST)`, open at both ends, so the partitions cover the
 * stream without gaps even if files are added later. `targetRows` does not split a file.
 */
export function partitionFiles(stream: FileStream): Partition[] {
  const count = stream.names.length;
  return stream.names.map((name, index) => {
    const previous = stream.names[index - 1];
    return {
      stream: stream.info.name,
      index,
      key: [...FILE_KEY],
      lower: previous === undefined ? null : [previous, LAST_ROW],
      upper: index === count - 1 ? null : [name, LAST_ROW],
    };
  });
}

import type { StreamInfo } from './connector.ts';
import { UnsupportedTypeError } from './connector-error.ts';

/**
 * The one decision of what onboard cannot read: every column of `stream` whose type has no place
 * in the value model (`ColumnInfo.unsupported` set by the connector's type mapping), each as the
 * error that reading the stream throws. A stream is read whole, so one such column makes the whole
 * stream unreadable; `onboard check` reports these same errors for every stream a mapping reads,
 * and a run refuses the mapping with them before it reads anything.
 */
export function unreadableColumns(stream: StreamInfo): UnsupportedTypeError[] {
  return stream.columns.flatMap((column) =>
    column.unsupported === undefined
      ? []
      : [new UnsupportedTypeError(stream.name, column.name, column.nativeType, column.unsupported)],
  );
}

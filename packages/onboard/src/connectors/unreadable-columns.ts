import type { StreamInfo } from './connector.ts';
import { UnsupportedTypeError } from './connector-error.ts';

/**
 * The one decision of what onboard cannot read: every column of `stream` (or only those named in
 * `among`) whose type has no place in the value model (`ColumnInfo.unsupported`, set by the
 * connector's type mapping), each as its `UnsupportedTypeError`. A read leaves such columns out of
 * its rows, and fails with this error when one is a key or cursor column; a mapping that uses one
 * (in an expression, as its cursor or key, or through a row hook, which sees every column) gets
 * the same error's message as an `unsupported_type` problem, from `onboard check` and from `run`
 * alike, before anything is read.
 */
export function unreadableColumns(stream: StreamInfo, among?: readonly string[]): UnsupportedTypeError[] {
  return stream.columns.flatMap((column) =>
    column.unsupported === undefined || (among !== undefined && !among.includes(column.name))
      ? []
      : [new UnsupportedTypeError(stream.name, column.name, column.nativeType, column.unsupported)],
  );
}

import type { ColumnInfo, StreamInfo } from '../../connectors/connector.ts';
import { localStreamName } from '../../connectors/stream-name.ts';
import { foldName } from '../name-match.ts';
import { isPositionColumn } from './position-column.ts';

/**
 * The columns that identify a row of a stream: its primary key; for a stream without one, or whose
 * key is only onboard's file position (`_source_file`, `_source_row`), the column named like
 * `<stream>_id`, `<stream>Id` or `id`, else the first column ending in `id`, else the first column
 * (an id template can name any column: `{" id"}`).
 * `guessed` says which case it is (the draft then asks for a look).
 */
export function identityColumns(stream: StreamInfo): {
  readonly columns: readonly string[];
  readonly guessed: boolean;
} {
  if (stream.primaryKey.length > 0 && !stream.primaryKey.every((c) => isPositionColumn(c)))
    return { columns: stream.primaryKey, guessed: false };
  const own = stream.columns.filter((c) => !isPositionColumn(c));
  const local = foldName(localStreamName(stream.name));
  const named = (among: readonly ColumnInfo[]) =>
    among.find((c) => foldName(c.name) === `${local}id`) ??
    among.find((c) => foldName(c.name) === 'id') ??
    among.find((c) => /(^|[_ ])id$|[a-z]Id$|ID$/.test(c.name));
  const column = named(own) ?? own[0] ?? stream.columns[0];
  return { columns: column ? [column.name] : [], guessed: true };
}

import type { ColumnInfo } from '../../connectors/connector.ts';
import { POSITION_COLUMNS } from '../../connectors/files/normalise.ts';

/** Onboard's own columns of file streams (`_source_file`, `_source_row`): never a vendor's data. */
export const isPositionColumn = (column: ColumnInfo | string): boolean => {
  const name = typeof column === 'string' ? column : column.name;
  return POSITION_COLUMNS.some((c) => c.name === name);
};

import type { ColumnInfo, StreamInfo } from '../connector.ts';
import type { ColumnSpec } from './column-spec.ts';
import { cursorCandidates } from './cursor-candidates.ts';
import type { SqlStream } from './sql-driver.ts';

/** One column as a SQL technology's discovery found it, with its value-model mapping. */
export interface DiscoveredColumn {
  readonly name: string;
  /** The database's own type name, for messages. */
  readonly nativeType: string;
  readonly nullable: boolean;
  readonly spec: ColumnSpec;
}

/** Assembles what `discover` reports (and what reading needs) from one stream's discovered columns. */
export function buildSqlStream(
  head: Pick<StreamInfo, 'name' | 'kind'>,
  from: string,
  columns: readonly DiscoveredColumn[],
  primaryKey: readonly string[],
  estimatedRows: number | undefined,
  keySource?: SqlStream['keySource'],
): SqlStream {
  const infos: ColumnInfo[] = columns.map((c) => ({
    name: c.name,
    type: c.spec.type,
    nativeType: c.nativeType,
    nullable: c.nullable,
    ...(c.spec.castHint !== undefined ? { unsupported: c.spec.castHint } : {}),
  }));
  const info: StreamInfo = {
    ...head,
    columns: infos,
    primaryKey: [...primaryKey],
    cursorCandidates: cursorCandidates(infos),
    ...(estimatedRows !== undefined ? { estimatedRows } : {}),
  };
  return {
    info,
    from,
    specs: columns.map((c) => c.spec),
    ...(keySource !== undefined && primaryKey.length > 0 ? { keySource } : {}),
  };
}

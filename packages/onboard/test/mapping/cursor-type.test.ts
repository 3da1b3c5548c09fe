import { describe, expect, it } from 'vitest';
import type { StreamInfo } from '../../src/connectors/connector.ts';
import { checkMapping } from '../../src/mapping/index.ts';
import { CORE_SCHEMA } from './fixtures/core-schema.ts';

/**
 * A text cursor on a database is ordered by the column's collation there and by code point in
 * onboard: on MariaDB, a VARCHAR cursor under utf8mb4_general_ci holding `a` and `B` gave the
 * watermark `a` (code points), and every incremental run read the `B` row again (`B` > `a` in
 * the collation). Such a cursor is now refused by `check` and `run`.
 */
const table = (
  kind: StreamInfo['kind'],
  type: 'string' | 'timestamp' | 'decimal' | 'uuid',
  nativeType: string,
) =>
  ({
    name: 'shops',
    kind,
    columns: [
      { name: 'id', type: 'integer', nativeType: 'integer', nullable: false },
      { name: 'name', type: 'string', nativeType: 'text', nullable: false },
      { name: 'changed', type, nativeType, nullable: true },
    ],
    primaryKey: ['id'],
    cursorCandidates: [],
  }) satisfies StreamInfo;

const MAPPING = `source: shops
entities:
  locations:
    stream: shops
    id: "{id}"
    cursor: changed
    fields:
      name: name
`;

const problems = (stream: StreamInfo) =>
  checkMapping(MAPPING, CORE_SCHEMA, [stream]).map((p) => `${p.line}:${p.column} ${p.code} ${p.message}`);

describe('the type of an incremental cursor', () => {
  it('may not be text or another type a database orders its own way', () => {
    expect(problems(table('table', 'string', 'varchar(10)'))).toEqual([
      '6:13 unsupported_type cursor column "changed" of "shops" has type varchar(10) (string), which the source ' +
        'orders in a way onboard cannot reproduce (text by its collation), so incremental runs could read rows ' +
        'again or miss them; use a timestamp, date, integer or decimal column, or cast it in a custom query',
    ]);
    expect(problems(table('query', 'uuid', 'uuid'))).toHaveLength(1);
  });

  it('may be a timestamp or a decimal on a database, and anything in files (onboard orders both sides)', () => {
    expect(problems(table('table', 'timestamp', 'timestamptz'))).toEqual([]);
    expect(problems(table('view', 'decimal', 'numeric(20,6)'))).toEqual([]);
    expect(problems(table('file', 'string', 'csv'))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { StreamInfo } from '../../src/connectors/connector.ts';
import { unreadableColumns } from '../../src/connectors/unreadable-columns.ts';
import type { HookModule } from '../../src/mapping/hook-module.ts';
import { checkMapping } from '../../src/mapping/index.ts';
import { CORE_SCHEMA } from './fixtures/core-schema.ts';

/** A discovered table with one column onboard cannot read (as a PostgreSQL point is discovered). */
const SHOPS: StreamInfo = {
  name: 'public.shops',
  kind: 'table',
  columns: [
    { name: 'id', type: 'integer', nativeType: 'integer', nullable: false },
    { name: 'name', type: 'string', nativeType: 'text', nullable: false },
    { name: 'spot', type: 'string', nativeType: 'point', nullable: true, unsupported: '"spot"::text' },
  ],
  primaryKey: ['id'],
  cursorCandidates: [],
};
const VERDICT = unreadableColumns(SHOPS)[0]?.message;

const mapping = (extra: string) => `source: shops
entities:
  locations:
    stream: shops
    id: "{id}"
${extra}    fields:
      name: name
`;

const problems = (text: string, hooks?: HookModule) =>
  checkMapping(text, CORE_SCHEMA, [SHOPS], hooks ? { hooks } : {}).map(
    (p) => `${p.line}:${p.column} ${p.code} ${p.message}`,
  );

describe('columns onboard cannot read, in a mapping', () => {
  it('are no problem while the mapping does not use them', () => {
    expect(VERDICT).toMatch(/^column "spot" of "public\.shops" has type point, which onboard cannot read/);
    expect(problems(mapping(''))).toEqual([]);
  });

  it('are reported with the read’s own verdict where an expression, the cursor or a row hook uses them', () => {
    expect(problems(mapping('').replace('name: name', 'name: { coalesce: [spot, name] }'))).toEqual([
      `7:26 unsupported_type ${VERDICT}`,
    ]);
    expect(problems(mapping('    cursor: spot\n'))).toEqual([`6:13 unsupported_type ${VERDICT}`]);
    const hooks = { tidy: (row: unknown) => row } as unknown as HookModule;
    expect(problems(mapping('    transform: tidy\n'), hooks)).toEqual([`6:16 unsupported_type ${VERDICT}`]);
  });
});

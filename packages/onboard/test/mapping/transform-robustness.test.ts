import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileMapping, loadMapping } from '../../src/mapping/index.ts';
import { SeededRandom } from '../chaos/seeded-random.ts';
import { CHINOOK_SQLITE_STREAMS } from './fixtures/chinook-streams.ts';
import { CORE_SCHEMA } from './fixtures/core-schema.ts';

const ODD_VALUES: unknown[] = [
  null,
  '',
  '   ',
  'abc',
  '{not json',
  '1.234,50',
  '-0',
  '9'.repeat(400),
  '2024-02-30',
  '2024-01-31T25:00:00Z',
  0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  { nested: [1, 2] },
  [1, 'a'],
  '😀 ünïcödé',
];

describe('transform on hostile rows', () => {
  it('never throws, whatever the row holds, and always answers record, skipped or errors', async () => {
    const loaded = await loadMapping(join(import.meta.dirname, '../../../../examples/chinook/mapping.yaml'));
    const mapping = compileMapping(loaded.data, CORE_SCHEMA, {
      streams: CHINOOK_SQLITE_STREAMS,
      hooks: loaded.hooks!,
    });
    const rng = new SeededRandom(20251125);
    const next = () => rng.next();
    let records = 0;
    let rejected = 0;
    for (const entity of mapping.entities) {
      const columns = CHINOOK_SQLITE_STREAMS.find((stream) => stream.name === entity.stream)!.columns.map(
        (c) => c.name,
      );
      for (let i = 0; i < 400; i++) {
        const row = Object.fromEntries(
          columns.map((column) => [column, ODD_VALUES[Math.floor(next() * ODD_VALUES.length)]]),
        );
        const result = entity.transform(row as never);
        if ('record' in result) records++;
        else if ('errors' in result) {
          rejected++;
          expect(result.errors.length).toBeGreaterThan(0);
          for (const error of result.errors)
            expect(error.field).toMatch(/^(fields\.\w+(\.\w+)?|refs\.\w+|externalId|filter|row)$/);
        } else expect(result.skipped).toBe('filter');
      }
    }
    expect(rejected).toBeGreaterThan(1000);
    expect(records).toBeGreaterThan(0);
  });
});

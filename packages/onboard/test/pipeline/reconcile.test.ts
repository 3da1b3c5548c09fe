import { describe, expect, it } from 'vitest';
import { reconcile, skipReasons } from '../../src/pipeline/reconcile.ts';
import type { EntityTotals } from '../../src/store/run-records.ts';

const totals = (entity: string, count: number, checksum: string): EntityTotals => ({
  entity,
  read: count,
  skipped: 0,
  created: count,
  updated: 0,
  unchanged: 0,
  rejected: 0,
  batches: 1,
  checksumCount: count,
  checksum,
  durationMs: 1,
});
const stats = {
  source: 's',
  entities: [
    { entity: 'customers', count: 10, checksum: '00000000000000aa' },
    { entity: 'products', count: 50, checksum: '00000000000000bb' },
  ],
};

describe('reconcile', () => {
  it('matches entities read whole and skips, with the reason, those read past a watermark', () => {
    const skipOf = skipReasons(false, [
      { entity: 'customers' },
      { entity: 'products', cursor: { column: 'updated_at' } },
      { entity: 'products' },
    ]);
    const result = reconcile(
      [totals('customers', 10, '00000000000000aa'), totals('products', 1, '0000000000000001')],
      stats,
      skipOf,
    );
    expect(result.map((r) => [r.entity, r.status])).toEqual([
      ['customers', 'match'],
      ['products', 'skipped'],
    ]);
    expect(result[1]?.reason).toContain('past the watermark on updated_at');
  });

  it('reports a mismatch of an entity read whole, and every entity of a dry run as skipped', () => {
    const whole = skipReasons(false, [{ entity: 'customers' }]);
    expect(reconcile([totals('customers', 9, '00000000000000aa')], stats, whole)[0]).toMatchObject({
      status: 'mismatch',
      coreCount: 10,
    });
    expect(reconcile([totals('customers', 10, '00000000000000aa')], null, whole)[0]?.status).toBe(
      'unavailable',
    );
    const dry = skipReasons(true, [{ entity: 'customers' }]);
    expect(reconcile([totals('customers', 10, '00000000000000aa')], stats, dry)[0]).toMatchObject({
      status: 'skipped',
      reason: 'a dry run writes nothing to compare with core',
    });
  });
});

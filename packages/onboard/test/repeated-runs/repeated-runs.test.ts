import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithServer, MYSQL, POSTGRES } from '@madeup/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { useE2eCore } from '../e2e/e2e-support.ts';
import { ADA } from './example-rows.ts';
import { RunOnboard } from './run-onboard.ts';
import { type CursorColumn, type CursorSpelling, cursorUnit } from './shop-cursor.ts';
import { ShopModel } from './shop-model.ts';
import { ShopWorld } from './shop-world.ts';
import { applyChange } from './source-changes.ts';

/** Sequences of the repeated-runs property, kept as plain examples. */
describe('repeated runs of the shop source', () => {
  const fixture = useE2eCore();
  const worlds: { world: ShopWorld; dir: string }[] = [];
  afterEach(async () => {
    for (const { world, dir } of worlds.splice(0)) {
      await world.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
  const open = async (cursor: CursorColumn) => {
    const { token } = await fixture().tenant('sqlite');
    const dir = await mkdtemp(join(tmpdir(), 'onboard-repeated-'));
    const world = await ShopWorld.create(
      dir,
      { coreUrl: fixture().core.url, token },
      { cursor, timezone: 'UTC', partitionRows: 50_000, concurrency: 1 },
    );
    worlds.push({ world, dir });
    return { world, model: new ShopModel(cursorUnit(cursor)) };
  };

  // Before SQLite cursors were compared on the values read, a source writing `2026-03-01T00:00:02`
  // had every row of the watermark's day read again (text: 'T' sorts after ' ').
  it.each<CursorSpelling>(['space', 'iso', 'zulu'])(
    'reads nothing in an incremental run after a full run of an unchanged source (cursor spelled %s)',
    async (spelling) => {
      const { world, model } = await open({
        dialect: 'sqlite',
        sqlType: 'DATETIME',
        kind: 'timestamp',
        digits: spelling === 'zulu' ? 3 : 0,
        zoned: spelling === 'zulu',
        spelling,
        writerOffset: 0,
      });
      await applyChange(model, world, { kind: 'insert', entity: 'customers', values: ADA, cursor: 'next' });
      await applyChange(model, world, { kind: 'insert', entity: 'invoices', values: ADA, cursor: 'next' });
      await new RunOnboard('full').run(model, world);
      const summary = await world.run('incremental');
      expect(summary.entities.reduce((sum, t) => sum + t.read, 0)).toBe(0);
    },
  );

  // A decimal cursor was ordered as text: a run reading `9500.000` and `10500.000` kept `9500.000`
  // as the watermark, and each incremental run read the `10500.000` row again (seed 20261204).
  const decimalCursor = (dialect: 'postgres' | 'mysql', sqlType: string) => async () => {
    const { world, model } = await open({
      dialect,
      sqlType,
      kind: 'decimal',
      digits: 0,
      zoned: false,
      writerOffset: 0,
    });
    await applyChange(model, world, { kind: 'insert', entity: 'customers', values: ADA, cursor: 'next' });
    await applyChange(model, world, { kind: 'insert', entity: 'customers', values: ADA, cursor: 'next' });
    await new RunOnboard('full').run(model, world);
    await new RunOnboard('incremental').run(model, world);
    const summary = await world.run('incremental');
    expect(summary.entities.reduce((sum, t) => sum + t.read, 0)).toBe(0);
  };
  describeWithServer('decimal cursor, source on PostgreSQL', POSTGRES, () => {
    it(
      'reads nothing in an incremental run past a numeric cursor that gained a digit',
      decimalCursor('postgres', 'numeric(20,6)'),
      60_000,
    );
  });
  describeWithServer('decimal cursor, source on MariaDB', MYSQL, () => {
    it(
      'reads nothing in an incremental run past a DECIMAL cursor that gained a digit',
      decimalCursor('mysql', 'DECIMAL(20,6)'),
      60_000,
    );
  });
});

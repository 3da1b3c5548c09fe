import { join } from 'node:path';
import type { RunningCore } from '@madeup/core';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../../src/store/open-run-store.ts';
import { type CoreWorkspace, openCoreWorkspace } from '../support/core-workspace.ts';
import { MAPPING, runImport } from './pipeline-support.ts';

/**
 * A product whose `attrs` text is a JSON object nested 10,000 levels deep: the mapping parses it,
 * but the record cannot be serialised (JSON.stringify overflows the stack). It used to fail its
 * task, and every resume of it; now it is that row's rejection and the run goes on.
 */
describe('a record nested too deep to send', () => {
  let dir: string;
  let core: RunningCore;
  let file: string;
  let deepId: string;

  let workspace: CoreWorkspace | undefined;

  beforeAll(async () => {
    workspace = await openCoreWorkspace('onboard-deep-', { rows: 300 });
    ({ dir, core, file } = workspace);
    const db = new Database(file);
    const row = db.prepare('SELECT item_id FROM item ORDER BY item_id LIMIT 1 OFFSET 1').get() as {
      item_id: number;
    };
    deepId = String(row.item_id);
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    db.prepare('UPDATE item SET attrs = ? WHERE item_id = ?').run(deep, row.item_id);
    db.close();
  });
  afterAll(() => workspace?.close());

  it('is rejected with the reason, and the run loads the rest and succeeds', async () => {
    const store = join(dir, 'runs.sqlite');
    const summary = await runImport({
      mappingPath: MAPPING,
      sourceUrl: `sqlite:${file}`,
      coreUrl: core.url,
      token: (await core.createTenant(`deep-${process.pid}`)).token,
      storeUrl: store,
      dryRun: false,
    });
    expect(summary.status).toBe('succeeded');
    const products = summary.entities.find((t) => t.entity === 'products');
    expect(products?.rejected).toBe(1);
    expect(products?.created).toBe((products?.read ?? 0) - 1);
    const kept = await openRunStore(store);
    try {
      const [rejected] = (await kept.rejections(summary.runId)).filter((r) => r.entity === 'products');
      expect(rejected?.externalId).toBe(deepId);
      expect(rejected?.errors[0]?.message).toContain('cannot be serialised');
    } finally {
      await kept.close();
    }
  });
});

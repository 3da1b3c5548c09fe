import { describeEachDialect, loadChinook, useTestDatabase } from '@madeup/testkit';
import { beforeAll, expect, it } from 'vitest';
import { type InitFigures, measureInit } from '../measure-init.ts';

/**
 * The same draft on every engine: Chinook as its PostgreSQL (snake_case) and MySQL scripts load it,
 * with the foreign keys each server declares, measured against the one hand-written mapping.
 */
describeEachDialect('mapping init on Chinook', (target) => {
  const database = useTestDatabase(target, 'initchk');
  let figures: InitFigures;
  beforeAll(async () => {
    await loadChinook(database());
    figures = await measureInit(
      'chinook',
      database().url,
      new URL('../../chinook/mapping.yaml', import.meta.url).pathname,
    );
  }, 120_000);

  it('drafts what it drafts on SQLite: check passes, 44 right, none wrong', () => {
    expect(figures.problems).toEqual([]);
    expect([figures.comparison.right, figures.comparison.wrong, figures.comparison.missed]).toEqual([
      44, 0, 9,
    ]);
    expect(figures.comparison.streams).toEqual({ right: 6, wrong: 0, missed: 1 });
    expect(figures.draft).toMatch(/accountManager: "\{(SupportRepId|support_rep_id)\}"/);
  });
});

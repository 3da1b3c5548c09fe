import { expect, it } from 'vitest';
import { MODEL } from '../../src/model/model.ts';
import { sourceStats } from '../../src/readback/source-stats.ts';
import type { Db } from '../../src/storage/dynamic-database.ts';
import type { StorageDialect } from '../../src/storage/storage-dialect.ts';

it('sends every entity’s server-side checksum at once, and answers in the model’s order', async () => {
  let running = 0;
  let most = 0;
  const asked: string[] = [];
  // The later an entity in the model, the sooner its aggregate answers: the order must still hold.
  const dialect = {
    async sourceChecksum(_db: unknown, table: string, source: string) {
      asked.push(`${source}:${table}`);
      running += 1;
      most = Math.max(most, running);
      const position = MODEL.entities.findIndex((e) => e.table === table);
      await new Promise((done) => setTimeout(done, 5 * (MODEL.entities.length - position)));
      running -= 1;
      return { count: position, sum: BigInt(position) * 17n };
    },
  } as unknown as StorageDialect;
  const stats = await sourceStats({} as Db, MODEL, 'src', dialect);
  expect(most).toBe(MODEL.entities.length);
  expect(asked).toEqual(MODEL.entities.map((e) => `src:${e.table}`));
  expect(stats).toEqual({
    source: 'src',
    entities: MODEL.entities.map((e, i) => ({
      entity: e.name,
      count: i,
      checksum: (BigInt(i) * 17n).toString(16).padStart(16, '0'),
    })),
  });
});

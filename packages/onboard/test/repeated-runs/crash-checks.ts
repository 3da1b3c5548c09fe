import { expect } from 'vitest';
import { type StoredValues, sameValues } from './expected-record.ts';
import type { ShopModel } from './shop-model.ts';
import { SHOP_ENTITIES } from './shop-rows.ts';
import type { ShopWorld } from './shop-world.ts';

const same = (a: StoredValues | undefined, b: StoredValues | undefined): boolean =>
  a === undefined || b === undefined ? a === b : a.deleted === b.deleted && sameValues(a, b);

/**
 * After a run was killed, core's records, record by record, are each what they were before the run
 * or what the whole run leaves (docs/running.md, "Crashes, retries and exact counts": a batch is
 * applied whole or not at all, a mirror run marks deleted only once every row is loaded), and no
 * reference is pending. The model then takes core's records as they are: which batches landed is
 * the crash's, not the model's, to decide.
 */
export async function expectCoreBetween(
  world: ShopWorld,
  model: ShopModel,
  after: ShopModel,
  what: string,
): Promise<void> {
  for (const entity of SHOP_ENTITIES) {
    const actual = await world.records(entity);
    const ids = new Set([...actual.keys(), ...model.core[entity].keys(), ...after.core[entity].keys()]);
    for (const id of ids) {
      const now = actual.get(id);
      const was = model.core[entity].get(id);
      const then = after.core[entity].get(id);
      expect(
        same(now, was) || same(now, then),
        `core's ${entity} ${id} after ${what} is ${JSON.stringify(now)}: neither as before the run (${JSON.stringify(was)}) nor as after it (${JSON.stringify(then)})`,
      ).toBe(true);
    }
    model.core[entity] = actual;
  }
  expect(await world.pending(), `references left pending after ${what}`).toBe(0);
}

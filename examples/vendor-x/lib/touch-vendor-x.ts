import { emptyDirtTally } from './dirt-tally.ts';
import { money } from './format.ts';
import { phone } from './people.ts';
import { RowRandom, seedBits } from './random.ts';
import { vendorXSizes } from './sizes.ts';
import { clientTable } from './tables/client.ts';
import { itemFacts, itemTable } from './tables/item.ts';
import { openVendorWriter } from './writers/open-writer.ts';

const TOUCH_STREAM = 90;

export interface TouchOptions {
  /** The database a `generateVendorX` call filled. */
  readonly target: string;
  /** The `rows` and `seed` it was generated with. */
  readonly rows: number;
  readonly seed?: number | string;
  /** How many clients change their phone number; a tenth as many items change price. */
  readonly count: number;
  /** Which wave of activity (1, 2, …): each picks other rows and values. Default 1. */
  readonly round?: number;
  /** The `last_modified` of the changed rows, naive; default `2025-01-01 00:00:00` + round days. */
  readonly at?: string;
}

export interface TouchSummary {
  /** Ids of the clients whose phone changed, ascending. */
  readonly clients: readonly number[];
  /** Ids of the items whose price changed, ascending. */
  readonly items: readonly number[];
  readonly at: string;
}

/** `count` distinct ids in 1..max, drawn from (seed, stream, round). */
function pickIds(seed: number, round: number, salt: number, count: number, max: number): number[] {
  const ids = new Set<number>();
  const wanted = Math.min(count, max);
  for (let k = 1; ids.size < wanted; k++)
    ids.add(new RowRandom(seed, TOUCH_STREAM + salt, round * 1_000_003 + k).int(1, max));
  return [...ids].sort((a, b) => a - b);
}

/**
 * Later activity in Vendor X's system, for incremental runs: some clients get a new phone number
 * and some items a new price (10% more per round), and those rows get a `last_modified` later
 * than any the generator wrote. Deterministic from (seed, round).
 */
export async function touchVendorX(options: TouchOptions): Promise<TouchSummary> {
  const round = options.round ?? 1;
  if (!Number.isSafeInteger(round) || round < 1)
    throw new RangeError(`round must be a whole number >= 1, got ${round}`);
  const seed = seedBits(options.seed ?? 1);
  const sizes = vendorXSizes(options.rows);
  const at = options.at ?? `2025-01-${String(Math.min(round, 28)).padStart(2, '0')} 00:00:00`;
  const clients = pickIds(seed, round, 1, options.count, sizes.client);
  const items = pickIds(seed, round, 2, Math.ceil(options.count / 10), sizes.item);
  const ctx = { seed, sizes, tally: emptyDirtTally() };
  const writer = await openVendorWriter(options.target);
  try {
    await writer.update(
      clientTable,
      'phone',
      clients.map((id) => ({
        id,
        value: phone(new RowRandom(seed, TOUCH_STREAM + 3, round * 1_000_003 + id)),
      })),
      at,
    );
    await writer.update(
      itemTable,
      'unit_price',
      items.map((id) => ({ id, value: money(Math.round(itemFacts(ctx, id).priceCents * (1 + round / 10))) })),
      at,
    );
  } finally {
    await writer.close();
  }
  return { clients, items, at };
}

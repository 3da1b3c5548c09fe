import { EPOCH_SECONDS, money, naiveTimestamp, SPAN_SECONDS } from '../format.ts';
import { RowRandom } from '../random.ts';
import { char, decimal, int, type TableContext, timestamp, type VendorTable, varchar } from '../table.ts';
import { CATEGORY_CODES, COLORS, ITEM_ADJECTIVES, ITEM_NOUNS } from '../words.ts';

export const ITEM_STREAM = 4;

export interface ItemFacts {
  readonly name: string;
  readonly priceCents: number;
}

/** The name and list price of item `id`, for the lines that sell it. */
export function itemFacts(ctx: TableContext, id: number): ItemFacts {
  const r = new RowRandom(ctx.seed, ITEM_STREAM, id);
  return { name: `${r.pick(ITEM_ADJECTIVES)} ${r.pick(ITEM_NOUNS)}`, priceCents: r.int(99, 99_999) };
}

/** `item`: products. `attrs` is JSON in a text column; `discontinued_flg` is Y or N. */
export const itemTable: VendorTable = {
  name: 'item',
  columns: [
    int('item_id', false),
    varchar('sku', 20),
    varchar('item_desc', 120, false),
    varchar('category_cd', 10),
    decimal('unit_price', 12, 2, false),
    char('currency_cd', 3),
    varchar('attrs', 400),
    char('discontinued_flg', 1, false),
    timestamp('last_modified', false),
  ],
  indexed: ['last_modified'],
  row(ctx, id) {
    const facts = itemFacts(ctx, id);
    const r = new RowRandom(ctx.seed, ITEM_STREAM + 100, id);
    const currencyRoll = r.next();
    const attrs = r.chance(0.6)
      ? JSON.stringify({
          color: r.pick(COLORS),
          weight_kg: r.int(1, 500) / 10,
          warranty_months: r.int(0, 36),
        })
      : null;
    return [
      id,
      r.chance(0.02) ? null : `SKU-${String(id).padStart(6, '0')}`,
      facts.name,
      r.pick(CATEGORY_CODES),
      money(facts.priceCents),
      currencyRoll < 0.03 ? null : currencyRoll < 0.85 ? 'USD' : currencyRoll < 0.95 ? 'EUR' : 'GBP',
      attrs,
      r.chance(0.1) ? 'Y' : 'N',
      naiveTimestamp(EPOCH_SECONDS + r.int(0, SPAN_SECONDS)),
    ];
  },
};

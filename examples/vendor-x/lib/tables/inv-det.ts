import { EPOCH_SECONDS, money, naiveTimestamp, SPAN_SECONDS } from '../format.ts';
import { RowRandom } from '../random.ts';
import { decimal, int, type TableContext, timestamp, type VendorTable, varchar } from '../table.ts';
import { invoiceOfLine, linesOfInvoice } from './invoice-lines.ts';
import { itemFacts } from './item.ts';

export const LINE_STREAM = 6;
const FREE_TEXT = ['Labour', 'Delivery charge', 'Misc. charge', 'Call-out fee', 'Rush handling'] as const;

export interface LineFacts {
  /** The item sold: null for a free-text line; past the last item for an orphan. */
  readonly itemId: number | null;
  readonly orphan: boolean;
  readonly description: string;
  readonly quantity: number;
  readonly priceCents: number;
}

/** Item, quantity and price of line `id`, which the invoice total adds up. */
export function lineFacts(ctx: TableContext, id: number): LineFacts {
  const r = new RowRandom(ctx.seed, LINE_STREAM, id);
  const itemRoll = r.next();
  const quantity = r.chance(0.002) ? 0 : r.int(1, 12);
  if (itemRoll < 0.03) {
    return {
      itemId: null,
      orphan: false,
      description: r.pick(FREE_TEXT),
      quantity,
      priceCents: r.int(500, 50_000),
    };
  }
  if (itemRoll < 0.035) {
    const itemId = ctx.sizes.item + r.int(1, 1000);
    return { itemId, orphan: true, description: `item #${itemId}`, quantity, priceCents: r.int(500, 50_000) };
  }
  const itemId = r.int(1, ctx.sizes.item);
  const item = itemFacts(ctx, itemId);
  const discounted = r.chance(0.1);
  return {
    itemId,
    orphan: false,
    description: item.name,
    quantity,
    priceCents: discounted ? Math.round(item.priceCents * 0.9) : item.priceCents,
  };
}

/**
 * `inv_det`: invoice lines. 0.5% point at an item that does not exist (orphans), 3% sell no item
 * (free text), 0.2% have a quantity of zero.
 */
export const invDetTable: VendorTable = {
  name: 'inv_det',
  columns: [
    int('inv_det_id', false),
    int('inv_id', false),
    int('line_no', false),
    int('item_id'),
    varchar('line_desc', 200),
    decimal('qty', 10, 2, false),
    decimal('unit_price', 12, 2, false),
    timestamp('last_modified', false),
  ],
  indexed: ['inv_id', 'item_id', 'last_modified'],
  row(ctx, id) {
    const facts = lineFacts(ctx, id);
    if (facts.orphan) ctx.tally.orphanLines++;
    if (facts.quantity === 0) ctx.tally.zeroQuantityLines++;
    const invoice = invoiceOfLine(ctx.sizes, id);
    const r = new RowRandom(ctx.seed, LINE_STREAM + 100, id);
    return [
      id,
      invoice,
      id - linesOfInvoice(ctx.sizes, invoice).first + 1,
      facts.itemId,
      facts.description,
      facts.quantity,
      money(facts.priceCents),
      naiveTimestamp(EPOCH_SECONDS + r.int(0, SPAN_SECONDS)),
    ];
  },
};

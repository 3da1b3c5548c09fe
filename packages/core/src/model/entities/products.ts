import { defineEntity } from '../entity.ts';
import { f } from '../field.ts';

export const products = defineEntity({
  name: 'products',
  description: 'Goods and services the tenant sells.',
  fields: {
    name: f.string({ required: true, maxLength: 200 }),
    sku: f.string({ maxLength: 64 }),
    category: f.string({ maxLength: 100 }),
    unitPrice: f.decimal({ required: true, precision: 14, scale: 4, minimum: '0' }),
    currency: f.currency(),
    attributes: f.json({ description: 'Free-form product attributes (a JSON object)' }),
    active: f.boolean(),
  },
  references: {},
});

import { defineEntity, ref } from '../entity.ts';
import { f } from '../field.ts';

export const invoiceLines = defineEntity({
  name: 'invoiceLines',
  description: 'Lines of an invoice.',
  fields: {
    lineNumber: f.integer({ minimum: '1' }),
    description: f.string({ maxLength: 1000 }),
    quantity: f.decimal({ required: true, precision: 14, scale: 4, exclusiveMinimum: '0' }),
    unitPrice: f.decimal({ required: true, precision: 14, scale: 4 }),
  },
  references: {
    invoice: ref('invoices', { required: true }),
    product: ref('products'),
  },
});

import { defineEntity, ref } from '../entity.ts';
import { f } from '../field.ts';
import { address } from './address.ts';

export const invoices = defineEntity({
  name: 'invoices',
  description: 'Invoices issued to customers.',
  fields: {
    number: f.string({ maxLength: 64 }),
    issuedAt: f.timestamp({ required: true }),
    dueAt: f.timestamp(),
    billingAddress: address('Address printed on the invoice'),
    total: f.decimal({ required: true, precision: 14, scale: 2 }),
    currency: f.currency(),
    status: f.enum(['draft', 'open', 'paid', 'void']),
  },
  references: {
    customer: ref('customers', { required: true }),
  },
});

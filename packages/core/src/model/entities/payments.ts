import { defineEntity, ref } from '../entity.ts';
import { f } from '../field.ts';

export const payments = defineEntity({
  name: 'payments',
  description: 'Money received from customers.',
  fields: {
    amount: f.decimal({ required: true, precision: 14, scale: 2, exclusiveMinimum: '0' }),
    currency: f.currency(),
    paidAt: f.timestamp({ required: true }),
    method: f.enum(['cash', 'card', 'bank_transfer', 'cheque', 'other']),
    reference: f.string({ maxLength: 100, description: 'Bank or card reference' }),
  },
  references: {
    customer: ref('customers', { required: true }),
    invoice: ref('invoices'),
    receivedBy: ref('staff'),
  },
});

import { defineEntity, ref } from '../entity.ts';
import { f } from '../field.ts';

export const payments = defineEntity({
  name: 'payments',
  description: 'Money received from customers, and refunds of it.',
  fields: {
    kind: f.enum(['payment', 'refund'], {
      default: 'payment',
      description: 'payment: money received; refund: money paid back to the customer',
    }),
    amount: f.decimal({
      required: true,
      precision: 14,
      scale: 2,
      minimum: '0',
      description: 'The sum moved, never negative (0 is a real zero-amount entry); kind says which way',
    }),
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

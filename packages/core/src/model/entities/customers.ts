import { defineEntity, ref } from '../entity.ts';
import { f } from '../field.ts';
import { address } from './address.ts';

export const customers = defineEntity({
  name: 'customers',
  description: 'People and companies that buy from the tenant.',
  fields: {
    firstName: f.string({ required: true, maxLength: 100 }),
    lastName: f.string({ required: true, maxLength: 100 }),
    company: f.string({ maxLength: 200 }),
    email: f.email({ required: true }),
    phone: f.string({ maxLength: 40 }),
    address: address('Postal address of the customer'),
    active: f.boolean(),
    createdAt: f.timestamp({ description: 'When the customer was created in the source system' }),
  },
  references: {
    accountManager: ref('staff'),
    homeLocation: ref('locations'),
  },
});

import { defineEntity, ref } from '../entity.ts';
import { f } from '../field.ts';
import { address } from './address.ts';

export const locations = defineEntity({
  name: 'locations',
  description: 'Stores, offices and warehouses.',
  fields: {
    name: f.string({ required: true, maxLength: 200 }),
    address: address('Postal address of the location'),
    phone: f.string({ maxLength: 40 }),
  },
  references: {
    manager: ref('staff', { description: 'Staff member running the location' }),
  },
});

import { defineEntity, ref } from '../entity.ts';
import { f } from '../field.ts';

export const staff = defineEntity({
  name: 'staff',
  description: 'Employees of the tenant; managers are staff too.',
  fields: {
    firstName: f.string({ required: true, maxLength: 100 }),
    lastName: f.string({ required: true, maxLength: 100 }),
    email: f.email(),
    phone: f.string({ maxLength: 40 }),
    title: f.string({ maxLength: 100 }),
    hiredAt: f.date({ description: 'Day the employee was hired' }),
    active: f.boolean(),
  },
  references: {
    manager: ref('staff', { description: 'Line manager (self-reference)' }),
    location: ref('locations', { description: 'Where the employee works' }),
  },
});

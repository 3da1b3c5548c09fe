import { f } from '../field.ts';

/** The postal address members shared by several entities. */
export const address = (description: string) =>
  f.object(
    {
      line1: f.string({ maxLength: 200 }),
      line2: f.string({ maxLength: 200 }),
      city: f.string({ maxLength: 100 }),
      region: f.string({ maxLength: 100 }),
      postalCode: f.string({ maxLength: 20 }),
      country: f.country({ description: 'ISO 3166-1 alpha-2 code' }),
    },
    { description },
  );

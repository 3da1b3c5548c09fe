import type { RowValues } from './source-changes.ts';

/** One valid shop row (a customer, or an invoice of the first customer), for the plain examples. */
export const ADA: RowValues = {
  first: 'Ada',
  last: 'Ng',
  email: 'ada@example.com',
  phone: null,
  customerPick: 0,
  issuedDay: 1,
  cents: 1250,
  padded: true,
  status: 'open',
};

import type { ImportRecord } from '@madeup/contract';

/**
 * The synthetic records the core benchmarks send: customers (no references) and invoice lines
 * (two references, to `in-0..999` and `pr-0..199`), plus the parents those lines need.
 */
export const benchCustomer = (n: number): ImportRecord => ({
  externalId: `cu-${n}`,
  fields: {
    firstName: `First${n}`,
    lastName: `Last${n}`,
    company: n % 3 === 0 ? `Company ${n}` : null,
    email: `customer${n}@example.com`,
    phone: `+1-555-${String(n).padStart(6, '0')}`,
    address: { line1: `${n} Main Street`, city: 'Springfield', country: 'US' },
    active: n % 7 !== 0,
    createdAt: '2023-05-01T10:11:12.123456Z',
  },
});

export const benchInvoiceLine = (n: number): ImportRecord => ({
  externalId: `il-${n}`,
  fields: {
    lineNumber: (n % 5) + 1,
    description: `Line ${n}`,
    quantity: `${(n % 9) + 1}.5`,
    unitPrice: '19.9900',
  },
  refs: { invoice: `in-${n % 1000}`, product: `pr-${n % 200}` },
});

/** One of the 200 products the invoice lines refer to. */
export const benchProduct = (n: number): ImportRecord => ({
  externalId: `pr-${n}`,
  fields: { name: `P${n}`, unitPrice: '19.99' },
});

/** One of the 1000 invoices the invoice lines refer to (all of customer `cu-0`). */
export const benchInvoice = (n: number): ImportRecord => ({
  externalId: `in-${n}`,
  fields: { issuedAt: '2024-01-01T00:00:00Z', total: '100.00', status: 'open' },
  refs: { customer: 'cu-0' },
});

import type { ImportRecord } from '@madeup/contract';

/** A valid customer whose values exercise every kind (decimals are elsewhere). */
export function customer(externalId: string, overrides: Record<string, unknown> = {}): ImportRecord {
  return {
    externalId,
    fields: {
      firstName: `First ${externalId}`,
      lastName: 'Last',
      email: `${externalId}@example.com`,
      active: true,
      createdAt: '2024-01-31T12:00:00.123456Z',
      address: { line1: '1 Main St', city: 'Springfield', country: 'US' },
      ...overrides,
    },
  };
}

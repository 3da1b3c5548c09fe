import { describe, expect, it } from 'vitest';
import { parseRecord } from '../../src/import/parse-record.ts';
import { MODEL } from '../../src/model/model.ts';

const entity = (name: string) => {
  const found = MODEL.get(name);
  if (found === undefined) throw new Error(`no entity ${name}`);
  return found;
};
const errorsOf = (name: string, record: unknown) => {
  const outcome = parseRecord(entity(name), record, 0);
  return outcome.ok ? [] : outcome.errors.map((e) => `${e.field}:${e.code}`);
};
const canonicalOf = (name: string, fields: Record<string, unknown>, column: string) => {
  const outcome = parseRecord(entity(name), { externalId: 'x', fields }, 0);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.record.values[entity(name).leaves.findIndex((leaf) => leaf.column === column)];
};

describe('record validation', () => {
  it('canonicalises decimals exactly and enforces scale, digits and bounds', () => {
    expect(canonicalOf('products', { unitPrice: '0012.5' }, 'unit_price')).toBe('12.5000');
    expect(canonicalOf('invoices', { total: '-0.00' }, 'total')).toBe('0.00');
    expect(canonicalOf('invoices', { total: '99999999999999.99'.slice(4) }, 'total')).toBe('9999999999.99');
    expect(errorsOf('products', { externalId: 'x', fields: { unitPrice: 12.5 } })).toEqual([
      'fields.unitPrice:invalid_type',
    ]);
    expect(errorsOf('products', { externalId: 'x', fields: { unitPrice: '1.23456' } })).toEqual([
      'fields.unitPrice:invalid_scale',
    ]);
    expect(errorsOf('products', { externalId: 'x', fields: { unitPrice: '-1' } })).toEqual([
      'fields.unitPrice:too_small',
    ]);
    expect(errorsOf('payments', { externalId: 'x', fields: { amount: '-0.01' } })).toEqual([
      'fields.amount:too_small',
    ]);
    expect(errorsOf('invoices', { externalId: 'x', fields: { total: '1e5' } })).toEqual([
      'fields.total:invalid_format',
    ]);
    expect(errorsOf('invoices', { externalId: 'x', fields: { total: '12345678901234.5' } })).toEqual([
      'fields.total:too_large',
    ]);
    // Bounds compare exactly at the edges: amount >= 0, quantity > 0.
    expect(canonicalOf('payments', { amount: '-000.000' }, 'amount')).toBe('0.00');
    expect(canonicalOf('invoiceLines', { quantity: '0.0001' }, 'quantity')).toBe('0.0001');
    expect(canonicalOf('invoiceLines', { quantity: '+10.5' }, 'quantity')).toBe('10.5000');
    for (const [quantity, code] of [
      ['0', 'too_small'],
      ['-0.0000', 'too_small'],
      ['-0.0001', 'too_small'],
      ['.5', 'invalid_format'],
      ['5.', 'invalid_format'],
      ['1 ', 'invalid_format'],
      ['١', 'invalid_format'],
      ['+', 'invalid_format'],
      ['', 'invalid_format'],
    ])
      expect(errorsOf('invoiceLines', { externalId: 'x', fields: { quantity } }), quantity).toContain(
        `fields.quantity:${code}`,
      );
  });

  it('normalises timestamps to UTC with microseconds kept', () => {
    expect(canonicalOf('invoices', { issuedAt: '2024-01-31T12:00:00.123456Z' }, 'issued_at')).toBe(
      '2024-01-31T12:00:00.123456Z',
    );
    expect(canonicalOf('invoices', { issuedAt: '2024-03-01T01:30:00+02:00' }, 'issued_at')).toBe(
      '2024-02-29T23:30:00.000000Z',
    );
    expect(canonicalOf('invoices', { issuedAt: '2024-01-31T12:00:00.1234560Z' }, 'issued_at')).toBe(
      '2024-01-31T12:00:00.123456Z',
    );
    expect(canonicalOf('invoices', { issuedAt: '2024-02-29T23:59:59.5z' }, 'issued_at')).toBe(
      '2024-02-29T23:59:59.500000Z',
    );
    for (const bad of [
      '2024-01-31',
      '2023-02-29T00:00:00Z',
      '2024-01-31T12:00:00.Z',
      '2024-01-31T12:00:60Z',
      '2024-01-31T24:00:00Z',
      '0000-01-31T12:00:00Z',
      '2024-01-31T12:00:0xZ',
      '2024-1x-01T00:00:00Z',
      '2024-01-x1T00:00:00Z',
      'x024-01-01T00:00:00Z',
      '2024-01-01T00:00:00.12x4Z',
      '2024-02-30T00:00:00Z',
      '2024-01-31T12:00:00',
      '2024-01-31T12:00:00.1234567Z',
      1706700000,
    ])
      expect(errorsOf('invoices', { externalId: 'x', fields: { issuedAt: bad } })[0]).toMatch(
        /fields.issuedAt:invalid_/,
      );
  });

  it('checks strings, e-mails, enums, currencies, JSON objects and booleans', () => {
    expect(errorsOf('customers', { externalId: 'x', fields: { firstName: 'a'.repeat(101) } })).toEqual([
      'fields.firstName:too_long',
    ]);
    expect(errorsOf('customers', { externalId: 'x', fields: { firstName: 'é'.repeat(100) } })).toEqual([]);
    expect(errorsOf('customers', { externalId: 'x', fields: { firstName: 'a\u0000b' } })).toEqual([
      'fields.firstName:invalid_format',
    ]);
    expect(errorsOf('customers', { externalId: 'x', fields: { email: 'a@b' } })).toEqual([
      'fields.email:invalid_format',
    ]);
    expect(errorsOf('invoices', { externalId: 'x', fields: { status: 'lost' } })).toEqual([
      'fields.status:invalid_enum',
    ]);
    expect(errorsOf('products', { externalId: 'x', fields: { currency: 'EURO' } })).toEqual([
      'fields.currency:invalid_format',
    ]);
    expect(errorsOf('products', { externalId: 'x', fields: { attributes: [1] } })).toEqual([
      'fields.attributes:invalid_type',
    ]);
    expect(errorsOf('products', { externalId: 'x', fields: { active: 1 } })).toEqual([
      'fields.active:invalid_type',
    ]);
  });

  it('refuses unknown and server-owned members, bad refs and bad external ids', () => {
    expect(
      errorsOf('customers', {
        externalId: 'x',
        id: 5,
        fields: { tenantId: 'a', nickname: 'b', address: { planet: 'Mars' } },
      }),
    ).toEqual([
      'id:server_owned_field',
      'fields.tenantId:server_owned_field',
      'fields.nickname:unknown_field',
      'fields.address.planet:unknown_field',
    ]);
    expect(errorsOf('invoices', { externalId: 'x', refs: { customer: null, buyer: 'b' } })).toEqual([
      'refs.customer:required',
      'refs.buyer:unknown_reference',
    ]);
    expect(errorsOf('invoices', { externalId: '' })).toEqual(['externalId:invalid_type']);
    expect(errorsOf('invoices', { fields: {} })).toEqual(['externalId:required']);
    expect(errorsOf('invoices', 'text')).toEqual([':invalid_type']);
  });
});

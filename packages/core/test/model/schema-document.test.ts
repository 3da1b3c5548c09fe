import type { SchemaDocument } from '@madeup/contract';
import { describe, expect, it } from 'vitest';
import { buildModel, MODEL } from '../../src/model/model.ts';
import { schemaDocument } from '../../src/model/schema-document.ts';

describe('schema document', () => {
  const doc: SchemaDocument = schemaDocument(MODEL, { maxBatchRecords: 1000, maxBatchBytes: 1 << 20 });

  it('describes every entity with fields, constraints and references', () => {
    expect(doc.entities.map((e) => e.name)).toEqual([
      'staff',
      'locations',
      'customers',
      'products',
      'invoices',
      'invoiceLines',
      'payments',
    ]);
    const products = doc.entities.find((e) => e.name === 'products');
    expect(products?.fields.find((f) => f.name === 'unitPrice')).toMatchObject({
      type: 'decimal',
      required: true,
      minimum: '0',
      precision: 14,
      scale: 4,
    });
    const staff = doc.entities.find((e) => e.name === 'staff');
    expect(staff?.references).toEqual([
      expect.objectContaining({ name: 'manager', target: 'staff', required: false }),
      expect.objectContaining({ name: 'location', target: 'locations', required: false }),
    ]);
    const customers = doc.entities.find((e) => e.name === 'customers');
    expect(customers?.fields.find((f) => f.name === 'address')?.fields?.map((f) => f.name)).toContain(
      'postalCode',
    );
  });

  it('has a version that changes with the model', () => {
    expect(doc.version).toMatch(/^[0-9a-f]{16}$/);
    expect(doc.maxBatchRecords).toBe(1000);
    const [first, ...rest] = MODEL.entities.map((e) => e.def);
    if (first === undefined) throw new Error('empty model');
    const changed = buildModel([{ ...first, description: 'changed' }, ...rest]);
    expect(changed.version).not.toBe(MODEL.version);
    expect(buildModel([first, ...rest]).version).toBe(MODEL.version);
  });
});

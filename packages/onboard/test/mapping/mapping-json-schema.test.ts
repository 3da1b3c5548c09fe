import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL, schemaDocument } from '@madeup/core';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { OPERATORS } from '../../src/mapping/expressions/operators.ts';
import { mappingJsonSchema } from '../../src/mapping/index.ts';
import { CORE_SCHEMA } from './fixtures/core-schema.ts';

const root = join(import.meta.dirname, '../../../..');
const chinook = parse(readFileSync(join(root, 'examples/chinook/mapping.yaml'), 'utf8'));
const normalised = parse(readFileSync(join(root, 'examples/normalised/mapping.yaml'), 'utf8'));

const validator = (withModel: boolean) =>
  new Ajv({ allErrors: true, strict: false }).compile(mappingJsonSchema(withModel ? CORE_SCHEMA : undefined));

describe('the mapping JSON Schema', () => {
  it.each([false, true])('accepts the Chinook example (model-specific: %s)', (withModel) => {
    const validate = validator(withModel);
    expect(validate(chinook), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it.each([false, true])(
    "accepts the normalised example, joins and cursors over them included (core's model: %s)",
    (withModel) => {
      const model = schemaDocument(MODEL, { maxBatchRecords: 1000, maxBatchBytes: 1_000_000 });
      const validate = new Ajv({ allErrors: true, strict: false }).compile(
        mappingJsonSchema(withModel ? model : undefined),
      );
      expect(validate(normalised), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
      const badJoin = structuredClone(normalised);
      badJoin.entities.customers.joins.city.via = 'x';
      expect(validate(badJoin)).toBe(false);
      const noStream = structuredClone(normalised);
      delete noStream.entities.customers.joins.city.stream;
      expect(validate(noStream)).toBe(false);
    },
  );

  it('accepts the Vendor X example with its merge rule, and rejects a merge without keys', () => {
    const vendorX = parse(readFileSync(join(root, 'examples/vendor-x/mapping.yaml'), 'utf8'));
    const model = schemaDocument(MODEL, { maxBatchRecords: 1000, maxBatchBytes: 1_000_000 });
    const validate = new Ajv({ allErrors: true, strict: false }).compile(mappingJsonSchema(model));
    expect(validate(vendorX), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    vendorX.entities.customers.merge.match = [];
    expect(validate(vendorX)).toBe(false);
  });

  it('rejects an unknown entity key and a bad condition', () => {
    const validate = validator(false);
    const badKey = structuredClone(chinook);
    badKey.entities.staff.colour = 'blue';
    expect(validate(badKey)).toBe(false);
    const badFilter = structuredClone(chinook);
    badFilter.entities.payments.filter = { greater: ['Total', 0] };
    expect(validate(badFilter)).toBe(false);
  });

  it('completes entity and field names when built from core’s schema', () => {
    const validate = validator(true);
    const typo = structuredClone(chinook);
    typo.entities.staff.fields.firstname = 'FirstName';
    expect(validate(typo)).toBe(false);
    const option = structuredClone(chinook);
    option.entities.staff.fields.firstName = { trim: 'FirstName', side: 'left' };
    expect(validate(option)).toBe(false);
    const schema = mappingJsonSchema(CORE_SCHEMA) as {
      properties: { entities: { properties: Record<string, unknown> } };
    };
    expect(Object.keys(schema.properties.entities.properties)).toEqual(
      CORE_SCHEMA.entities.map((e) => e.name),
    );
  });

  it('describes every operator, and the docs show every one', () => {
    const schema = mappingJsonSchema() as {
      definitions: { expression: { anyOf: { required?: string[] }[] } };
    };
    const described = schema.definitions.expression.anyOf.flatMap(
      (branch) => branch.required?.slice(0, 1) ?? [],
    );
    expect(described).toEqual(Object.keys(OPERATORS));
    const docs = readFileSync(join(root, 'docs/mappings.md'), 'utf8');
    for (const name of Object.keys(OPERATORS))
      expect(docs, `docs/mappings.md shows ${name}`).toContain(`{ ${name}:`);
  });
});

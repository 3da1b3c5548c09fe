import { MAX_EXTERNAL_ID_LENGTH } from '@madeup/contract';
import type { CompiledEntity } from './compiled-entity.ts';
import type { FieldDef } from './field.ts';
import { kindOf } from './kinds/index.ts';

type JsonSchema = Record<string, unknown>;

function fieldSchema(def: FieldDef): JsonSchema {
  const base: JsonSchema =
    def.type === 'object'
      ? {
          type: 'object',
          additionalProperties: false,
          properties: Object.fromEntries(
            Object.entries(def.members ?? {}).map(([n, m]) => [n, fieldSchema(m)]),
          ),
        }
      : kindOf(def.type).jsonSchema(def);
  return {
    ...base,
    ...(def.required === true ? {} : { nullable: true }),
    ...(def.description !== undefined ? { description: def.description } : {}),
  };
}

/** The OpenAPI (3.0) schema of one import record of `entity`, derived from the model. */
export function recordJsonSchema(entity: CompiledEntity): JsonSchema {
  return {
    type: 'object',
    description: entity.def.description,
    required: ['externalId'],
    additionalProperties: false,
    properties: {
      externalId: { type: 'string', minLength: 1, maxLength: MAX_EXTERNAL_ID_LENGTH },
      fields: {
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(
          Object.entries(entity.def.fields).map(([n, d]) => [n, fieldSchema(d)]),
        ),
        required: Object.entries(entity.def.fields)
          .filter(([, d]) => d.required === true)
          .map(([n]) => n),
      },
      refs: {
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(
          entity.refs.map((r) => [
            r.name,
            { type: 'string', nullable: !r.required, description: `external id of a ${r.target} record` },
          ]),
        ),
      },
    },
  };
}

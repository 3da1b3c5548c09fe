import {
  COLUMNAR_IMPORT_MEDIA_TYPE,
  type EntitySchema,
  type FieldSchema,
  type SchemaDocument,
} from '@madeup/contract';
import type { CompiledEntity } from './compiled-entity.ts';
import type { FieldDef } from './field.ts';
import type { Model } from './model.ts';

/** Limits of the import API that the schema document announces. */
export interface BatchLimits {
  readonly maxBatchRecords: number;
  readonly maxBatchBytes: number;
}

/** Derives `GET /v1/schema` from the model. */
export function schemaDocument(model: Model, limits: BatchLimits): SchemaDocument {
  return {
    version: model.version,
    ...limits,
    importMediaTypes: [COLUMNAR_IMPORT_MEDIA_TYPE],
    entities: model.entities.map(entitySchema),
  };
}

function entitySchema(entity: CompiledEntity): EntitySchema {
  return {
    name: entity.name,
    description: entity.def.description,
    fields: Object.entries(entity.def.fields).map(([name, def]) => fieldSchema(name, def)),
    references: entity.refs.map((r) => {
      const description = entity.def.references[r.name]?.description;
      return {
        name: r.name,
        target: r.target,
        required: r.required,
        ...(description !== undefined ? { description } : {}),
      };
    }),
  };
}

function fieldSchema(name: string, def: FieldDef): FieldSchema {
  const kindDefaults =
    def.type === 'decimal' ? { precision: def.precision ?? 18, scale: def.scale ?? 2 } : {};
  const length =
    def.type === 'string'
      ? { maxLength: def.maxLength ?? 255 }
      : def.type === 'email'
        ? { maxLength: 254 }
        : {};
  return {
    name,
    type: def.type,
    required: def.required === true,
    ...length,
    ...kindDefaults,
    ...(def.description !== undefined ? { description: def.description } : {}),
    ...(def.minimum !== undefined ? { minimum: def.minimum } : {}),
    ...(def.exclusiveMinimum !== undefined ? { exclusiveMinimum: def.exclusiveMinimum } : {}),
    ...(def.maximum !== undefined ? { maximum: def.maximum } : {}),
    ...(def.values !== undefined ? { enum: def.values } : {}),
    ...(def.default !== undefined ? { default: def.default } : {}),
    ...(def.members !== undefined
      ? { fields: Object.entries(def.members).map(([member, sub]) => fieldSchema(member, sub)) }
      : {}),
  };
}

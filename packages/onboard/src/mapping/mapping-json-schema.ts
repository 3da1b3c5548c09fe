import {
  type EntitySchema,
  type FieldSchema,
  type SchemaDocument,
  SOURCE_NAME_PATTERN,
} from '@madeup/contract';
import { CONDITION_OPERATORS } from './expressions/compile-condition.ts';
import { OPERATORS } from './expressions/operators.ts';

type JsonSchema = Record<string, unknown>;

const expression = { $ref: '#/definitions/expression' };
const condition = { $ref: '#/definitions/condition' };
const fieldMapping = { $ref: '#/definitions/fieldMapping' };
const text = { type: 'string' };

/** The operator argument, where it is not simply an expression. */
const ARGUMENTS: Record<string, JsonSchema> = {
  column: { type: 'string', description: 'a source column name' },
  const: { description: 'any constant' },
  template: { type: 'string', description: 'text with {Column} placeholders' },
  coalesce: { type: 'array', items: expression },
  join: { anyOf: [{ type: 'array', items: expression }, expression] },
  when: {
    type: 'array',
    items: {
      type: 'object',
      required: ['if', 'then'],
      additionalProperties: false,
      // biome-ignore lint/suspicious/noThenProperty: `then` is a key of the mapping format, not a promise
      properties: { if: condition, then: expression },
    },
  },
  object: { type: 'object', additionalProperties: expression },
  keep: { type: 'array', minItems: 1, items: { type: 'string', description: 'a source column name' } },
  hook: { type: 'string', description: 'a function exported by the hooks module' },
  add: { type: 'array', minItems: 2, items: expression },
  subtract: { type: 'array', minItems: 2, maxItems: 2, items: expression },
  multiply: { type: 'array', minItems: 2, items: expression },
  divide: { type: 'array', minItems: 2, maxItems: 2, items: expression },
  daysBetween: { type: 'array', minItems: 2, maxItems: 2, items: expression, description: '[from, to]' },
};

/** Option schemas by option name. */
const OPTIONS: Record<string, JsonSchema> = {
  separator: text,
  index: { type: 'integer' },
  pattern: { type: 'string', description: 'a regular expression' },
  with: text,
  decimalSeparator: { type: 'string', maxLength: 1 },
  groupSeparator: text,
  scale: { type: 'integer', minimum: 0, maximum: 30 },
  mode: { enum: ['halfUp', 'halfEven', 'floor', 'ceiling', 'down'] },
  days: { ...expression, description: 'whole days to add (negative: earlier)' },
  months: { ...expression, description: 'whole months to add (negative: earlier)' },
  format: {
    type: 'string',
    description: 'tokens: yyyy yy MM M MMM dd d HH H hh h a mm ss S… X; quoted text is literal',
  },
  timezone: { type: 'string', description: 'IANA time zone of wall-clock times, e.g. Europe/Berlin' },
  values: { type: ['array', 'object'] },
  table: { type: 'string', description: 'a name from `lookups`' },
  default: expression,
  ignoreCase: { type: 'boolean' },
  else: expression,
  args: { type: 'array', items: expression },
};

/** One column name, or a list of them. */
const columns = (description: string): JsonSchema => ({
  description,
  anyOf: [text, { type: 'array', minItems: 1, items: text }],
});

function operatorSchemas(): JsonSchema[] {
  return Object.entries(OPERATORS).map(([name, operator]) => ({
    type: 'object',
    description: operator.description,
    required: [name, ...(operator.required ?? [])],
    additionalProperties: false,
    properties: {
      [name]: ARGUMENTS[name] ?? expression,
      ...Object.fromEntries(operator.options.map((option) => [option, OPTIONS[option] ?? {}])),
    },
  }));
}

function conditionSchemas(): JsonSchema[] {
  const single = (name: string, value: JsonSchema): JsonSchema => ({
    type: 'object',
    required: [name],
    additionalProperties: false,
    properties: { [name]: value },
  });
  return CONDITION_OPERATORS.map((name) => {
    if (name === 'and' || name === 'or') return single(name, { type: 'array', items: condition });
    if (name === 'not') return single(name, condition);
    if (['isNull', 'notNull', 'isBlank'].includes(name)) return single(name, expression);
    return single(name, { type: 'array', minItems: 2, maxItems: 2, description: '[expression, value]' });
  });
}

const idTemplate = {
  type: 'string',
  pattern: '\\{[^}]+\\}',
  description: 'external-id template, e.g. "{CustomerId}"',
};

function entityMapping(fields: JsonSchema, refs: JsonSchema, description?: string): JsonSchema {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    required: ['id'],
    additionalProperties: false,
    oneOf: [{ required: ['stream'] }, { required: ['query'] }],
    properties: {
      stream: { type: 'string', description: 'a table or view (case and _ ignored when matching)' },
      query: {
        type: 'object',
        required: ['name', 'sql'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
          sql: text,
          key: { type: 'array', items: text },
        },
      },
      joins: {
        type: 'object',
        description:
          'alias -> the row of another stream whose key equals `on`; its columns become alias.column (nulls when none)',
        propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
        additionalProperties: {
          type: 'object',
          required: ['stream'],
          additionalProperties: false,
          properties: {
            stream: { type: 'string', description: 'a table or view, kept in memory (at most 100,000 rows)' },
            on: columns(
              'column(s) of this row, or alias.column of a join above (default: the declared foreign key to the stream)',
            ),
            key: columns("the joined stream's column(s) (default: its primary key)"),
          },
        },
      },
      id: idTemplate,
      cursor: {
        anyOf: [
          { type: 'string', description: 'column for incremental reads' },
          {
            type: 'array',
            minItems: 1,
            items: text,
            description:
              'columns, joined ones too (alias.column): a row is read again when any of them moves',
          },
        ],
      },
      filter: condition,
      transform: {
        anyOf: [
          { type: 'string' },
          {
            type: 'object',
            required: ['hook'],
            additionalProperties: false,
            properties: { hook: text, adds: { type: 'array', items: text } },
          },
        ],
      },
      fields,
      refs,
      merge: {
        type: 'object',
        description:
          'duplicates merged into one record: rows sharing a match key are one (see docs/mappings.md)',
        required: ['match', 'order'],
        additionalProperties: false,
        properties: {
          match: {
            type: 'array',
            minItems: 1,
            description:
              'keys: an expression, or a list of expressions that must all agree (name + birth date)',
            items: { anyOf: [expression, { type: 'array', minItems: 1, items: expression }] },
          },
          order: {
            ...expression,
            description: 'which row is the latest (larger is later), e.g. an updated-at column',
          },
          survivorship: {
            enum: ['latest', 'firstNonEmpty'],
            description: "latest (default): the latest row's values; firstNonEmpty: per field, latest first",
          },
        },
      },
    },
  };
}

function fieldSchema(field: FieldSchema): JsonSchema {
  const description = [
    field.description,
    `${field.required ? 'required ' : ''}${field.type}${field.enum ? `: ${field.enum.join(' | ')}` : ''}`,
  ]
    .filter(Boolean)
    .join(' — ');
  if (field.type === 'object' && field.fields) {
    return {
      description,
      anyOf: [
        { type: 'object', additionalProperties: false, properties: membersOf(field.fields) },
        expression,
      ],
    };
  }
  return { description, ...expression };
}

const membersOf = (fields: readonly FieldSchema[]) =>
  Object.fromEntries(fields.map((field) => [field.name, fieldSchema(field)]));

function entitySchema(entity: EntitySchema): JsonSchema {
  const fields = { type: 'object', additionalProperties: false, properties: membersOf(entity.fields) };
  const refs = {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(
      entity.references.map((ref) => [
        ref.name,
        { ...idTemplate, description: `${ref.required ? 'required ' : ''}-> ${ref.target}` },
      ]),
    ),
  };
  return entityMapping(fields, refs, entity.description);
}

/**
 * The JSON Schema of mapping files, for editor completion and validation. Given core's schema,
 * entity, field and reference names are completed too; without it they are free-form.
 */
export function mappingJsonSchema(schema?: SchemaDocument): JsonSchema {
  const looseEntity = entityMapping(
    { type: 'object', additionalProperties: fieldMapping },
    { type: 'object', additionalProperties: idTemplate },
  );
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://madeup.example/schemas/onboard-mapping.json',
    title: 'onboard mapping',
    type: 'object',
    required: ['source', 'entities'],
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      version: { const: 1 },
      source: {
        type: 'string',
        pattern: SOURCE_NAME_PATTERN,
        description: 'source system name of the external ids',
      },
      hooks: { type: 'string', description: 'JS/TS module of pure functions, relative to this file' },
      lookups: { type: 'object', additionalProperties: { type: 'object' }, description: 'named value maps' },
      entities: schema
        ? {
            type: 'object',
            additionalProperties: false,
            properties: Object.fromEntries(
              schema.entities.map((entity) => [entity.name, entitySchema(entity)]),
            ),
          }
        : { type: 'object', additionalProperties: looseEntity },
    },
    definitions: {
      expression: {
        anyOf: [
          { type: 'string', description: 'a column, or a template when it has {…}' },
          { type: ['number', 'boolean', 'null'] },
          ...operatorSchemas(),
        ],
      },
      condition: { anyOf: conditionSchemas() },
      fieldMapping: { anyOf: [expression, { type: 'object', additionalProperties: fieldMapping }] },
    },
  };
}

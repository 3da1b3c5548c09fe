import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StreamInfo } from '../../src/connectors/connector.ts';
import { checkMapping, compileMapping, loadMapping, MappingLoadError } from '../../src/mapping/index.ts';
import { CORE_SCHEMA } from './fixtures/core-schema.ts';
import { emailDomain, splitName } from './fixtures/hooked/hooks.ts';

const dir = join(import.meta.dirname, 'fixtures', 'hooked');
const people: StreamInfo = {
  name: 'PEOPLE',
  kind: 'table',
  columns: ['ID', 'NAME', 'EMAIL'].map((name) => ({
    name,
    type: name === 'ID' ? 'integer' : 'string',
    nativeType: 'text',
    nullable: true,
  })),
  primaryKey: ['ID'],
  cursorCandidates: [],
};

describe('hooks as plain functions', () => {
  it('can be called without any mapping', () => {
    expect(emailDomain('jane@Example.COM')).toBe('example.com');
    expect(emailDomain(null)).toBeNull();
    const column = (name: string) => ({ Name: 'Doe, Jane' })[name];
    expect(splitName({ Name: 'Doe, Jane' }, column)).toEqual({
      Name: 'Doe, Jane',
      Last: 'Doe',
      First: 'Jane',
    });
    expect(splitName({ Name: 'Jane' }, () => 'Jane')).toBeNull();
  });
});

describe('hooks in a mapping', () => {
  it('loads the module named by the mapping, relative to the file, and uses row and expression hooks', async () => {
    const loaded = await loadMapping(join(dir, 'mapping.yaml'));
    expect(checkMapping(loaded.text, CORE_SCHEMA, [people], { hooks: loaded.hooks! })).toEqual([]);
    const staff = compileMapping(loaded.data, CORE_SCHEMA, {
      streams: [people],
      hooks: loaded.hooks!,
    }).entity('staff')!;
    expect(staff.stream).toBe('PEOPLE');
    expect(staff.transform({ ID: 7, NAME: 'Doe, Jane', EMAIL: 'jane@Example.COM' })).toEqual({
      record: { externalId: '7', fields: { firstName: 'Jane', lastName: 'Doe', title: 'example.com' } },
    });
    expect(staff.transform({ ID: 8, NAME: 'Nobody', EMAIL: null })).toEqual({ skipped: 'transform' });
    expect(staff.transform({ ID: 9, NAME: '!Doe, J', EMAIL: null })).toEqual({
      error: {
        field: 'row',
        code: 'hook_failed',
        message: 'row hook "splitName" failed: names may not start with "!"',
      },
      errors: [
        {
          field: 'row',
          code: 'hook_failed',
          message: 'row hook "splitName" failed: names may not start with "!"',
        },
      ],
    });
  });

  it("gives a row hook's column reader only the row's own columns", () => {
    const seen: unknown[] = [];
    const hooks = {
      probe: (row: Readonly<Record<string, unknown>>, column: (name: string) => unknown) => {
        seen.push(column('toString'), column('constructor'), column('NAME'));
        return { ...row, First: 'F', Last: 'L' };
      },
    };
    const data = {
      source: 'hooked',
      entities: {
        staff: {
          stream: 'people',
          id: '{Id}',
          transform: { hook: 'probe', adds: ['First', 'Last'] },
          fields: { firstName: 'First', lastName: 'Last' },
        },
      },
    };
    const staff = compileMapping(data, CORE_SCHEMA, { streams: [people], hooks }).entity('staff')!;
    expect(staff.transform({ ID: 1, NAME: 'N', EMAIL: null })).toMatchObject({ record: { externalId: '1' } });
    expect(seen).toEqual([null, null, 'N']);
  });

  it('reports a row hook the module does not export, and columns a row hook does not declare', async () => {
    const loaded = await loadMapping(join(dir, 'mapping.yaml'));
    const text = loaded.text.replace('splitName', 'VERSION').replace('adds: [First, Last]', 'adds: [First]');
    const problems = checkMapping(text, CORE_SCHEMA, [people], { hooks: loaded.hooks! });
    expect(problems.map((p) => `${p.line}:${p.column} ${p.code}`)).toEqual([
      '7:24 unknown_hook',
      '10:17 unknown_column',
    ]);
    expect(problems[0]?.message).toBe(
      'unknown row hook "VERSION": the hooks module exports no function "VERSION"',
    );
  });

  it('fails clearly when the hooks module cannot be loaded', async () => {
    const error = await loadMapping(join(dir, 'missing-hooks.yaml')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MappingLoadError);
    expect((error as Error).message).toMatch(/cannot read mapping .*missing-hooks\.yaml: ENOENT/);
  });
});

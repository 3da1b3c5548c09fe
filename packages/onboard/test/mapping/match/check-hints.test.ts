import { describe, expect, it } from 'vitest';
import { checkMapping } from '../../../src/mapping/check-mapping.ts';
import { CHINOOK_POSTGRES_STREAMS } from '../fixtures/chinook-streams.ts';
import { CORE_SCHEMA } from '../fixtures/core-schema.ts';
import { STAFF_MAPPING } from '../fixtures/staff-mapping.ts';

const mapping = (field: string, expression: string) => `${STAFF_MAPPING}      ${field}: ${expression}\n`;

describe("check's hints use the shared matcher", () => {
  it('suggests the close column for a misspelt one, in the source’s own spelling', () => {
    const [problem] = checkMapping(mapping('title', 'Titel'), CORE_SCHEMA, CHINOOK_POSTGRES_STREAMS);
    expect(problem).toMatchObject({ code: 'unknown_column' });
    expect(problem?.message).toMatch(
      /^unknown column "Titel" in stream "public.employee"; did you mean "title"\?/,
    );
  });

  it('suggests the close field for an abbreviated one, and nothing for a far one', () => {
    const [near] = checkMapping(mapping('hired', 'HireDate'), CORE_SCHEMA, CHINOOK_POSTGRES_STREAMS);
    expect(near?.message).toMatch(/did you mean "hiredAt"\?/);
    const [far] = checkMapping(mapping('salary', 'HireDate'), CORE_SCHEMA, CHINOOK_POSTGRES_STREAMS);
    expect(far?.message).toMatch(/^unknown field "salary" of staff; fields: firstName, /);
  });
});

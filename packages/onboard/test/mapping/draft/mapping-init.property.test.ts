import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzzOptions, fuzzTimeout } from '@madeup/testkit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkMapping } from '../../../src/mapping/check-mapping.ts';
import { parseMappingText } from '../../../src/mapping/mapping-text.ts';
import { runCli } from '../../support/run-cli.ts';
import { CORE_SCHEMA } from '../fixtures/core-schema.ts';
import { draftNameProblems } from './draft-names.ts';
import { draftSource } from './draft-source.ts';
import { type HostileTable, sourceArb, writeSource } from './hostile-source.ts';

const RUNS = 40;
let dir: string;
let files = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onboard-draft-fuzz-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The `TODO required ...` comments: what the docs say the check lists as missing_required_field. */
const todoCount = (text: string) =>
  text.split('\n').filter((line) => /^\s*# TODO required /.test(line)).length;

describe('onboard mapping init on hostile source schemas', () => {
  it(
    'writes YAML naming exactly the tables and columns written, that checks clean but for its TODOs, the same every time',
    async () => {
      await fc.assert(
        fc.asyncProperty(sourceArb, async (tables: HostileTable[]) => {
          const path = join(dir, `source-${files++}.sqlite`);
          writeSource(path, tables);
          const { streams, text } = await draftSource(path);
          // (a) YAML that reads back, by a plain YAML 1.2 reader and by onboard's, to the names written.
          const parsed = parseMappingText(text);
          expect(parsed.syntaxProblems).toEqual([]);
          expect(parsed.data).toEqual(parse(text));
          // (b) the check finds only the required fields and references the draft left open (key
          // columns named ` x`, `{x}` or `""` are quoted in their templates, `{" x"}`).
          const problems = checkMapping(text, CORE_SCHEMA, streams);
          expect(problems.filter((p) => p.code !== 'missing_required_field')).toEqual([]);
          expect(problems.filter((p) => p.code === 'missing_required_field').length).toBe(todoCount(text));
          const written = new Map(tables.map((t) => [t.name, t.columns.map((c) => c.name)]));
          expect(draftNameProblems(parsed.data, written)).toEqual([]);
          // (c) the same source drafts the same bytes.
          expect((await draftSource(path)).text).toBe(text);
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeout(RUNS),
  );

  it('the CLI drafts YAML-special and reserved names that onboard check accepts', async () => {
    const path = join(dir, 'cli.sqlite');
    writeSource(path, [
      {
        name: 'customers',
        columns: [
          { name: 'yes', type: 'INTEGER' },
          { name: 'first_name: x', type: 'TEXT' },
          { name: 'last_name #', type: 'TEXT' },
          { name: 'email{x}', type: 'TEXT' },
          { name: '1e3', type: 'TEXT' },
          { name: 'null', type: 'TEXT' },
          { name: '__proto__', type: 'TEXT' },
        ],
        key: 0,
        rows: [[1, 'Ann', 'Lee', 'ann@x.org', 'x', 'y', 'z']],
      },
    ]);
    const schema = join(dir, 'schema.json');
    await writeFile(schema, JSON.stringify(CORE_SCHEMA));
    const out = join(dir, 'cli.yaml');
    const init = await runCli(
      'mapping',
      'init',
      '--source',
      `sqlite:${path}`,
      '--schema',
      schema,
      '--out',
      out,
    );
    expect(init.code, init.err).toBe(0);
    expect(init.err).toContain('the draft passes onboard check');
    const check = await runCli('check', '--mapping', out, '--source', `sqlite:${path}`, '--schema', schema);
    expect(check).toMatchObject({ code: 0, err: '' });
  });
});

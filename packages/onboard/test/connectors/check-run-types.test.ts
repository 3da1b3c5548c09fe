import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunningCore } from '@madeup/core';
import { type DialectName, describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StreamInfo } from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import { unreadableColumns } from '../../src/connectors/unreadable-columns.ts';
import type { Row, SourceValue } from '../../src/connectors/value.ts';
import { EXIT_CODES } from '../../src/errors/exit-codes.ts';
import { type CoreWorkspace, openCoreWorkspace } from '../support/core-workspace.ts';
import { runCli } from '../support/run-cli.ts';
import { readAll } from './conformance.ts';
import { execSql } from './sql-exec.ts';

/** A column type as the technology declares it, a SQL literal of one value, and what must be read. */
interface OddColumn {
  readonly type: string;
  readonly literal: string;
  /** The value read back; absent: onboard must refuse the type. */
  readonly read?: SourceValue;
}

/** The technologies' odd types: each is either read sensibly or refused by check and run alike. */
const ODD: Record<DialectName, { setup: string[]; columns: Record<string, OddColumn> }> = {
  postgres: {
    setup: ["CREATE TYPE mood AS ENUM ('sad', 'happy')", 'CREATE TYPE pair AS (a INT, b TEXT)'],
    columns: {
      tags: { type: 'TEXT[]', literal: `ARRAY['a', NULL, 'b"c,']`, read: ['a', null, 'b"c,'] },
      grid: {
        type: 'INT[][]',
        literal: "'{{1,2},{3,4}}'",
        read: [
          [1, 2],
          [3, 4],
        ],
      },
      bigs: { type: 'BIGINT[]', literal: "'{9007199254740993}'", read: ['9007199254740993'] },
      amounts: { type: 'NUMERIC(6,2)[]', literal: "'{1.5,NULL}'", read: ['1.50', null] },
      moments: {
        type: 'TIMESTAMPTZ[]',
        literal: '\'{"2024-01-31 13:00:00+01"}\'',
        read: ['2024-01-31T12:00:00.000000Z'],
      },
      flags: { type: 'BOOLEAN[]', literal: "'{t,f}'", read: [true, false] },
      moods: { type: 'mood[]', literal: "'{happy}'", read: ['happy'] },
      doc_search: {
        type: 'TSVECTOR',
        literal: "to_tsvector('simple', 'fat cats')",
        read: "'cats':2 'fat':1",
      },
      wait: { type: 'INTERVAL', literal: "'1 day 2 hours 3.5 seconds'", read: 'P1DT2H3.5S' },
      price: { type: 'MONEY', literal: "'1234.56'", read: '1234.56' },
      bits: { type: 'BIT(4)', literal: "B'0101'", read: '0101' },
      vbits: { type: 'VARBIT(8)', literal: "B'101'", read: '101' },
      addr: { type: 'INET', literal: "'192.168.0.1/24'", read: '192.168.0.1/24' },
      uid: {
        type: 'UUID',
        literal: "'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'",
        read: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
      },
      doc: { type: 'JSONB', literal: `'{"a": [1, 2.5]}'`, read: { a: [1, 2.5] } },
      span: { type: 'INT4RANGE', literal: "'[1,5)'", read: '[1,5)' },
      feeling: { type: 'mood', literal: "'sad'", read: 'sad' },
      spot: { type: 'POINT', literal: "'(1,2)'" },
      duo: { type: 'pair', literal: "ROW(1, 'x')" },
      blobs: { type: 'BYTEA[]', literal: "ARRAY['\\x01'::bytea]" },
      prices: { type: 'MONEY[]', literal: "ARRAY['1.00'::money]" },
    },
  },
  mysql: {
    setup: [],
    columns: {
      picks: { type: "SET('a','b','c')", literal: "'a,c'", read: 'a,c' },
      pick: { type: "ENUM('x','y')", literal: "'y'", read: 'y' },
      flag: { type: 'BIT(1)', literal: "b'1'", read: true },
      mask: { type: 'BIT(10)', literal: "b'1000000001'", read: '513' },
      born: { type: 'YEAR', literal: '2024', read: 2024 },
      doc: { type: 'JSON', literal: `'{"a": 1}'`, read: { a: 1 } },
      shape: { type: 'GEOMETRY', literal: 'ST_GeomFromText("POINT(1 2)")' },
      spot: { type: 'POINT', literal: 'ST_GeomFromText("POINT(1 2)")' },
    },
  },
  sqlite: {
    setup: [],
    columns: {
      memo: { type: 'BLOB SUB_TYPE TEXT', literal: "'héllo'", read: 'héllo' },
      code: { type: 'VARCHAR(10)', literal: '42', read: '42' },
      ratio: { type: 'FLOATING POINT', literal: '1.5', read: 1.5 },
      label: { type: 'STRING', literal: "'abc'", read: 'abc' },
      loose: { type: '', literal: '7', read: 7 },
      at: { type: 'DATETIME', literal: "'2024-01-31 12:00:00'", read: '2024-01-31T12:00:00.000000Z' },
      flag: { type: 'BOOLEAN', literal: "'true'", read: true },
      bytes: { type: 'BLOB', literal: "x'00ff'", read: 'AP8=' },
    },
  },
};

/** A mapping of `stream` (its own source system, so runs reconcile apart), using `column` in a field when given. */
const mapping = (stream: string, column?: string) => `source: ${stream}
entities:
  staff:
    stream: ${stream}
    id: "{id}"
    fields:
      firstName: {const: Odd}
      lastName: {const: Column}
${column ? `      title: ${column}\n` : ''}`;

let core: RunningCore;
let dir: string;
let workspace: CoreWorkspace | undefined;
beforeAll(async () => {
  workspace = await openCoreWorkspace('onboard-types-');
  ({ dir, core } = workspace);
});
afterAll(() => workspace?.close());

describeEachDialect('check and run agree on every column type', (target) => {
  const database = useTestDatabase(target, 'types');
  const odd = ODD[target.name];
  const readable = Object.entries(odd.columns).filter(([, c]) => c.read !== undefined);
  const refused = Object.entries(odd.columns).filter(([, c]) => c.read === undefined);
  const qualified = (table: string) => (target.name === 'postgres' ? `public.${table}` : table);
  let token: string;

  beforeAll(async () => {
    await execSql(database(), [
      ...odd.setup,
      `CREATE TABLE odd (id INT PRIMARY KEY, ${readable.map(([name, c]) => `${name} ${c.type}`).join(', ')})`,
      `INSERT INTO odd VALUES (1, ${readable.map(([, c]) => c.literal).join(', ')})`,
      `INSERT INTO odd (id) VALUES (2)`,
      ...refused.flatMap(([name, c]) => [
        `CREATE TABLE odd_${name} (id INT PRIMARY KEY, ${name} ${c.type})`,
        `INSERT INTO odd_${name} VALUES (1, ${c.literal})`,
      ]),
    ]);
    token = (await core.createTenant(`types-${target.name}-${process.pid}`)).token;
  });

  /** `onboard check` then `onboard run` of a mapping of `stream` (using `column`), both in this process. */
  async function checkAndRun(stream: string, column?: string) {
    const file = join(dir, `${target.name}-${stream}-${column ?? 'none'}.yaml`);
    await writeFile(file, mapping(stream, column));
    const source = ['--mapping', file, '--source', database().url];
    const check = await runCli('check', ...source, '--core', core.url, '--token', token);
    const run = await runCli(
      'run',
      ...source,
      '--core',
      core.url,
      '--token',
      token,
      '--store',
      join(dir, `${target.name}-${stream}-${column ?? 'none'}-runs.sqlite`),
    );
    return { check, run };
  }

  /** Discovers a table and reads it whole through the connector: its rows, or the read's error. */
  async function readStream(name: string): Promise<{ stream: StreamInfo; read?: Row[]; error?: Error }> {
    const connector = openConnector({ url: database().url });
    try {
      const stream = (await connector.discover()).find((s) => s.name === qualified(name)) as StreamInfo;
      const [partition] = await connector.partition(stream, 100);
      const rows = await readAll(connector, stream, partition as NonNullable<typeof partition>, 10).then(
        (read): { read?: Row[]; error?: Error } => ({ read }),
        (error: Error) => ({ error }),
      );
      return { stream, ...rows };
    } finally {
      await connector.close();
    }
  }

  it('reads every supported type sensibly, and check and run both pass it', async () => {
    const { stream, read, error } = await readStream('odd');
    expect(stream.columns.filter((c) => c.unsupported !== undefined)).toEqual([]);
    expect(error).toBeUndefined();
    expect(read).toEqual([
      { id: 1, ...Object.fromEntries(readable.map(([name, c]) => [name, c.read])) },
      { id: 2, ...Object.fromEntries(readable.map(([name]) => [name, null])) },
    ]);
    const { check, run } = await checkAndRun(qualified('odd'));
    expect(check).toMatchObject({ code: 0, err: '' });
    expect(run.out).toMatch(/: succeeded in /);
    expect(run.err).not.toMatch(/warning/);
    expect(run.code).toBe(0);
  });

  it.each(refused.map(([name]) => name))(
    'refuses %s in check and in run alike where the mapping uses it, and reads the rest',
    async (name) => {
      const { stream, read, error } = await readStream(`odd_${name}`);
      // The one verdict, as the connector's type mapping gives it.
      const [verdict, ...more] = unreadableColumns(stream);
      expect(more).toEqual([]);
      const message = verdict?.message ?? 'no verdict';
      expect(message).toMatch(
        new RegExp(`^column "${name}" of "[a-z._]+" has type .*, which onboard cannot read`),
      );
      // A read leaves the column out.
      expect(error).toBeUndefined();
      expect(read).toEqual([{ id: 1 }]);

      const used = await checkAndRun(qualified(`odd_${name}`), name);
      expect(used.check.code).toBe(EXIT_CODES.config);
      expect(used.check.err).toContain(`: ${message} [unsupported_type]`);
      expect(used.run.code).toBe(EXIT_CODES.config);
      expect(used.run.err).toContain(message);

      const unused = await checkAndRun(qualified(`odd_${name}`));
      expect(unused.check).toMatchObject({ code: 0, err: '' });
      expect(unused.run.out).toMatch(/: succeeded in /);
      expect(unused.run.code).toBe(0);
    },
  );
});

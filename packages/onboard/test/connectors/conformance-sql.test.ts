import { randomUUID } from 'node:crypto';
import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { describeConformance, type ExpectedStream } from './conformance.ts';
import { execSql, insertRows } from './sql-exec.ts';

const SECRET = 'not-the-Password-42';

/** Ids with a dense run, a huge gap, a far cluster past 2^53 and negatives: skew for the partitioner. */
const skewedIds = [
  -5n,
  -1n,
  ...Array.from({ length: 600 }, (_, i) => BigInt(i + 1)),
  ...Array.from({ length: 50 }, (_, i) => 10_000_000_000n + BigInt(i * 7)),
  // Consecutive ids past 2^53, where a double cannot tell neighbours apart: bounds must stay exact.
  ...Array.from({ length: 120 }, (_, i) => 9_007_199_254_740_993n + BigInt(i)),
  9_223_372_036_854_775_807n,
];
const codes = Array.from({ length: 300 }, (_, i) => {
  const forms = [`k-${String(i).padStart(4, '0')}`, `K ${i}`, `é${i}`, `o'brien ${i}`, `Z${i}"q`, `${i}`];
  return forms[i % forms.length] as string;
});
const pairs = [
  ...Array.from({ length: 300 }, (_, i) => [1, `b${String(i).padStart(3, '0')}`] as const),
  ...Array.from({ length: 80 }, (_, i) => [2 + (i % 4), `c${i}`] as const),
];
const uuids = Array.from({ length: 200 }, () => randomUUID());
const lit = (text: string) => `'${text.replaceAll("'", "''")}'`;

describeEachDialect('connectors', (target) => {
  const database = useTestDatabase(target, 'conform');
  const name = (table: string) => (target.name === 'postgres' ? `public.${table}` : table);
  const expected: ExpectedStream[] = [
    {
      name: name('skewed'),
      rows: skewedIds.length,
      key: ['id'],
      targetRows: 100,
      minPartitions: 7,
      exactPartitions: true,
    },
    {
      name: name('texty'),
      rows: codes.length,
      key: ['code'],
      targetRows: 70,
      minPartitions: 4,
      exactPartitions: true,
    },
    {
      name: name('uuids'),
      rows: uuids.length,
      key: ['id'],
      targetRows: 50,
      minPartitions: 4,
      exactPartitions: true,
    },
    {
      name: name('pairs'),
      rows: pairs.length,
      key: ['a', 'b'],
      targetRows: 90,
      minPartitions: 4,
      exactPartitions: true,
    },
    { name: name('empty_t'), rows: 0, key: ['id'] },
    { name: name('loose'), rows: 50, key: [], minPartitions: 1 },
  ];
  describeConformance(target.label, async () => {
    const db = database();
    const uuidType = target.name === 'postgres' ? 'UUID' : 'CHAR(36)';
    await execSql(db, [
      'CREATE TABLE skewed (id BIGINT PRIMARY KEY, label VARCHAR(40))',
      'CREATE TABLE texty (code VARCHAR(40) PRIMARY KEY, v INT)',
      `CREATE TABLE uuids (id ${uuidType} PRIMARY KEY, v INT)`,
      'CREATE TABLE pairs (a INT NOT NULL, b VARCHAR(10) NOT NULL, v INT, PRIMARY KEY (a, b))',
      'CREATE TABLE empty_t (id INT PRIMARY KEY)',
      'CREATE TABLE loose (v INT, w VARCHAR(10))',
      ...insertRows(
        'skewed',
        skewedIds.map((id) => `(${id}, ${lit(`row ${id}`)})`),
      ),
      ...insertRows(
        'texty',
        codes.map((code, i) => `(${lit(code)}, ${i})`),
      ),
      ...insertRows(
        'uuids',
        uuids.map((id, i) => `(${lit(id)}, ${i})`),
      ),
      ...insertRows(
        'pairs',
        pairs.map(([a, b], i) => `(${a}, ${lit(b)}, ${i})`),
      ),
      ...insertRows(
        'loose',
        Array.from({ length: 50 }, (_, i) => `(${i % 10}, ${lit(`w${i}`)})`),
      ),
    ]);
    const url = new URL(db.url);
    let badSource = { url: `${db.url}.missing` };
    if (target.name === 'postgres') {
      url.username = 'onboard_no_such_user';
      url.password = SECRET;
      badSource = { url: url.toString() };
    } else if (target.name === 'mysql') {
      url.password = SECRET;
      badSource = { url: url.toString() };
    }
    return {
      source: { url: db.url },
      badSource,
      badCode: target.name === 'sqlite' ? 'database_missing' : 'auth_failed',
      secret: SECRET,
      streams: expected,
    };
  });
});

import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { expect, it } from 'vitest';
import { openConnector } from '../../src/connectors/registry.ts';
import { readAll } from './conformance.ts';
import { execSql } from './sql-exec.ts';

/**
 * Doubles whose text is at most 17 characters but whose digits pass 2^53: mysql2 (3.24) builds
 * them digit by digit in a double, which rounds (`90831218.00733575` read as `90831218.00733577`;
 * found by the SQL value property, seed -2100884559). Each must read as the same double it was.
 */
const DOUBLES = [
  90831218.00733575, 9083121800733576, -908312180073357.5, 1234567.891234567, 12345678901234568, 1.5, 0.1,
  -0.3,
];
/**
 * FLOAT (single precision) reads as the digits the server writes for it, as any client shows it:
 * six significant digits (`514.14`, not the float's exact `514.1400146484375`).
 */
const FLOATS: [string, number][] = [
  ['514.14', 514.14],
  ['-0.1', -0.1],
  ['16777217', 16777200],
];

describeEachDialect(
  'MariaDB DOUBLE and FLOAT columns',
  (target) => {
    const database = useTestDatabase(target, 'doubles');

    it('read as the doubles they hold, every digit', async () => {
      const db = database();
      const doubles = DOUBLES.map((d, i) => `(${i}, ${String(d)}, NULL)`);
      const floats = FLOATS.map(([text], i) => `(${100 + i}, NULL, ${text})`);
      await execSql(db, [
        'CREATE TABLE doubles (id INT PRIMARY KEY, d DOUBLE, f FLOAT)',
        `INSERT INTO doubles VALUES ${[...doubles, ...floats].join(', ')}`,
      ]);
      const connector = openConnector({ url: db.url });
      try {
        const stream = (await connector.discover()).find((s) => s.name === 'doubles');
        if (stream === undefined) throw new Error('no stream doubles');
        const [partition] = await connector.partition(stream, 1000);
        if (partition === undefined) throw new Error('no partition');
        const read = await readAll(connector, stream, partition, 100);
        expect(read.map((row) => row['d'] ?? row['f'])).toEqual([...DOUBLES, ...FLOATS.map(([, n]) => n)]);
      } finally {
        await connector.close();
      }
    });
  },
  ['mysql'],
);

import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { beforeAll, expect, it } from 'vitest';
import type { Partition, StreamInfo } from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import { readAll } from './conformance.ts';
import { execSql, insertRows } from './sql-exec.ts';

describeEachDialect(
  'consistent snapshots',
  (target) => {
    const database = useTestDatabase(target, 'snap');
    beforeAll(() =>
      execSql(database(), [
        'CREATE TABLE moving (id INT PRIMARY KEY, v INT)',
        ...insertRows(
          'moving',
          Array.from({ length: 100 }, (_, i) => `(${i + 1}, 0)`),
        ),
      ]),
    );

    it('PostgreSQL: every partition reads the exported snapshot, whatever changes meanwhile', async () => {
      const connector = openConnector({ url: database().url });
      const snapshots = connector.snapshots;
      if (snapshots === undefined) throw new Error('PostgreSQL must offer snapshots');
      try {
        const stream = (await connector.discover()).find((s) => s.name === 'public.moving') as StreamInfo;
        const partitions = await connector.partition(stream, 30);
        const snapshot = await snapshots.exportSnapshot();
        const first = await readAll(connector, stream, partitions[0] as Partition, 10);
        // Mid-run: a row moves from the last partition into the first, one is deleted, one added.
        await execSql(database(), [
          'UPDATE moving SET id = 0 WHERE id = 100',
          'DELETE FROM moving WHERE id = 50',
          'INSERT INTO moving VALUES (101, 1)',
        ]);
        const rest = [];
        for (const partition of partitions.slice(1)) {
          const options = { batchSize: 10, snapshot } as const;
          for await (const batch of connector.read(stream, partition, options)) rest.push(...batch);
        }
        const ids = [...first, ...rest].map((row) => row['id']);
        expect(ids).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
        await snapshots.releaseSnapshot(snapshot);
        const now = [];
        for (const partition of partitions) now.push(...(await readAll(connector, stream, partition, 50)));
        expect(now.map((row) => row['id'])).toContain(101);
        expect(now.map((row) => row['id'])).not.toContain(50);
      } finally {
        await connector.close();
      }
    });
  },
  ['postgres'],
);

it('only PostgreSQL offers the snapshots capability', () => {
  expect(openConnector({ url: 'mysql://root@127.0.0.1/x' }).snapshots).toBeUndefined();
  expect(openConnector({ url: 'sqlite:/tmp/none.db' }).snapshots).toBeUndefined();
  expect(openConnector({ url: 'file:/tmp' }).snapshots).toBeUndefined();
});

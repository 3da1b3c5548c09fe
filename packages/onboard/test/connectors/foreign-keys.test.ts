import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { beforeAll, expect, it } from 'vitest';
import type { StreamInfo } from '../../src/connectors/connector.ts';
import { openConnector } from '../../src/connectors/registry.ts';
import { execSql } from './sql-exec.ts';

describeEachDialect('discovery of foreign keys', (target) => {
  const database = useTestDatabase(target, 'fkeys');
  let streams: StreamInfo[];

  beforeAll(async () => {
    const int = 'INTEGER';
    await execSql(database(), [
      `CREATE TABLE region (code VARCHAR(5), area ${int}, name VARCHAR(50), PRIMARY KEY (area, code))`,
      `CREATE TABLE person (id ${int} PRIMARY KEY, boss ${int}, name VARCHAR(50), FOREIGN KEY (boss) REFERENCES person (id))`,
      `CREATE TABLE shop (id ${int} PRIMARY KEY, owner_id ${int} REFERENCES person (id), r_code VARCHAR(5), r_area ${int},
         FOREIGN KEY (r_area, r_code) REFERENCES region (area, code))`,
      'CREATE VIEW shops AS SELECT * FROM shop',
    ]);
    const connector = openConnector({ url: database().url });
    try {
      streams = await connector.discover();
    } finally {
      await connector.close();
    }
  });

  const stream = (name: string) => streams.find((s) => s.name.replace(/^public\./, '') === name)!;
  const table = (name: string) => stream(name).name;

  it('lists each key of a table with its target as discovery names it and the columns in key order', () => {
    const keys = [...(stream('shop').foreignKeys ?? [])].sort((a, b) => a.columns.length - b.columns.length);
    expect(keys).toEqual([
      { columns: ['owner_id'], target: table('person'), references: ['id'] },
      { columns: ['r_area', 'r_code'], target: table('region'), references: ['area', 'code'] },
    ]);
    expect(stream('person').foreignKeys).toEqual([
      { columns: ['boss'], target: table('person'), references: ['id'] },
    ]);
  });

  it('gives none for tables without keys and for views', () => {
    expect(stream('region').foreignKeys).toBeUndefined();
    expect(stream('shops').foreignKeys).toBeUndefined();
  });
});

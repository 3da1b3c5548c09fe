import type { TestDatabase } from '@madeup/testkit';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';

/** Runs statements on a test database with the bare driver (seeding, counting), one at a time. */
export async function execSql(database: TestDatabase, statements: readonly string[]): Promise<unknown[][]> {
  const results: unknown[][] = [];
  switch (database.dialect) {
    case 'postgres': {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        for (const sql of statements)
          results.push((await client.query({ text: sql, rowMode: 'array' })).rows);
      } finally {
        await client.end();
      }
      return results;
    }
    case 'mysql': {
      const connection = await mysql.createConnection({ uri: database.url, rowsAsArray: true });
      try {
        for (const sql of statements) {
          const [rows] = await connection.query(sql);
          results.push(Array.isArray(rows) ? (rows as unknown[]) : []);
        }
      } finally {
        await connection.end();
      }
      return results;
    }
    case 'sqlite': {
      const db = new Database(database.url.slice('sqlite:'.length));
      try {
        for (const sql of statements) {
          const statement = db.prepare(sql);
          if (statement.reader) {
            results.push(statement.raw(true).all());
          } else {
            statement.run();
            results.push([]);
          }
        }
      } finally {
        db.close();
      }
      return results;
    }
  }
}

/** `INSERT INTO table VALUES (...), (...)` in chunks, with values already written as SQL literals. */
export function insertRows(table: string, rows: readonly string[], chunk = 500): string[] {
  const statements: string[] = [];
  for (let i = 0; i < rows.length; i += chunk) {
    statements.push(`INSERT INTO ${table} VALUES ${rows.slice(i, i + chunk).join(', ')}`);
  }
  return statements;
}

import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { toProblem } from '../../src/http/errors/to-problem.ts';
import { STORAGE_DIALECTS, sqlitePath } from '../../src/storage/dialects.ts';

describeEachDialect('a race lost past the retries', (target) => {
  const database = useTestDatabase(target, 'race');

  it('is 503 database_busy with Retry-After, not a 500', async () => {
    const storage = STORAGE_DIALECTS[target.name];
    const url = database().url;
    const db = storage.open(target.name === 'sqlite' ? sqlitePath(url) : url, { max: 1, idleMs: 1000 });
    try {
      await sql`CREATE TABLE lost_race (k varchar(10) PRIMARY KEY)`.execute(db);
      await sql`INSERT INTO lost_race (k) VALUES ('a')`.execute(db);
      // What a batch meets when a concurrent batch inserted its new key first.
      const error = await sql`INSERT INTO lost_race (k) VALUES ('a')`.execute(db).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(storage.classifyError(error)).toBe('unique_violation');
      const problem = toProblem(error);
      expect([problem.status, problem.code, problem.retryAfter]).toEqual([503, 'database_busy', 1]);
    } finally {
      await db.destroy();
    }
  });
});

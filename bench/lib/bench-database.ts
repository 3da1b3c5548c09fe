import { createTestDatabase, type DialectName, type TestDatabase } from '@madeup/testkit';

const open = new Set<TestDatabase>();
let handlersInstalled = false;

/** Drops every database still open, then exits: a benchmark stopped by Ctrl-C leaves nothing behind. */
function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void Promise.allSettled([...open].map((db) => db.drop())).then(() => process.exit(130));
    });
  }
}

/**
 * Creates a uniquely named database of `dialect` (a temporary file for SQLite), gives it to `work`,
 * and drops it afterwards, whether `work` succeeds or fails.
 */
export async function withDatabase<T>(
  dialect: DialectName,
  hint: string,
  work: (database: TestDatabase) => Promise<T>,
): Promise<T> {
  installSignalHandlers();
  const database = await createTestDatabase(dialect, `bench_${hint}`);
  open.add(database);
  try {
    return await work(database);
  } finally {
    open.delete(database);
    await database.drop();
  }
}

import { createTestDatabase, type DialectName, type TestDatabase } from '@madeup/testkit';

const cleanups = new Set<() => Promise<void>>();
let handlersInstalled = false;

/**
 * Registers work to do if the benchmark is stopped (Ctrl-C, SIGTERM) before it could clean up by
 * itself: dropping its databases. Returns the function that unregisters it.
 */
export function onInterrupt(cleanup: () => Promise<void>): () => void {
  if (!handlersInstalled) {
    handlersInstalled = true;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        void Promise.allSettled([...cleanups].map((c) => c())).then(() => process.exit(130));
      });
    }
  }
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/**
 * Creates a uniquely named database of `dialect` (a temporary file for SQLite), gives it to `work`,
 * and drops it afterwards, whether `work` succeeds, fails or the benchmark is stopped.
 */
export async function withDatabase<T>(
  dialect: DialectName,
  hint: string,
  work: (database: TestDatabase) => Promise<T>,
): Promise<T> {
  const database = await createTestDatabase(dialect, `bench_${hint}`);
  const unregister = onInterrupt(() => database.drop());
  try {
    return await work(database);
  } finally {
    unregister();
    await database.drop();
  }
}

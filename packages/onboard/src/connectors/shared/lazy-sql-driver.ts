import type { SqlDriver } from './sql-driver.ts';

/** What a driver needs its database library for: everything that connects. */
export type ConnectingParts = Pick<SqlDriver, 'check' | 'discover' | 'query' | 'stream' | 'close'>;

/**
 * A driver whose database library is loaded on first use (a `check`, `discover`, `query` or
 * `stream`), so a process loads only the libraries of the sources it reads: `mysql2` alone is ~20
 * MiB resident. `close` before any use loads nothing.
 */
export function lazySqlDriver(
  head: Omit<SqlDriver, keyof ConnectingParts>,
  load: () => Promise<ConnectingParts>,
): SqlDriver {
  let loading: Promise<ConnectingParts> | undefined;
  const loaded = () => (loading ??= load());
  return {
    ...head,
    check: async () => (await loaded()).check(),
    discover: async () => (await loaded()).discover(),
    query: async (sql, params) => (await loaded()).query(sql, params),
    async *stream(sql, params, options) {
      yield* (await loaded()).stream(sql, params, options);
    },
    async close() {
      if (loading === undefined) return;
      const parts = await loading.catch(() => undefined);
      await parts?.close();
    },
  };
}

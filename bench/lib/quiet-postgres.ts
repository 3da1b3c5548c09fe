import { POSTGRES } from '@madeup/testkit';
import pg from 'pg';

/** How long `quietPostgres` waited, and whether autovacuum was still busy when it gave up. */
export interface QuietPostgres {
  readonly seconds: number;
  readonly autovacuumStillRunning: boolean;
}

/**
 * Lets the PostgreSQL server settle before a timed move, so no move pays for the one before it:
 * waits until no autovacuum worker is running (it vacuums and analyses the tables an earlier load
 * filled, for up to `maxSeconds`), then forces a checkpoint (the earlier load's dirty buffers are
 * written now, not during the next move). Called before each timed pgloader and onboard move alike.
 */
export async function quietPostgres(maxSeconds = 180): Promise<QuietPostgres> {
  const client = new pg.Client({ connectionString: `${POSTGRES.url}/postgres` });
  await client.connect();
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  try {
    let idlePolls = 0;
    while (idlePolls < 2 && elapsed() < maxSeconds) {
      const { rows } = await client.query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'",
      );
      idlePolls = Number(rows[0]?.n) === 0 ? idlePolls + 1 : 0;
      if (idlePolls < 2) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await client.query('CHECKPOINT');
    return { seconds: elapsed(), autovacuumStillRunning: idlePolls < 2 };
  } finally {
    await client.end();
  }
}

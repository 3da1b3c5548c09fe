import { POSTGRES } from '@madeup/testkit';
import pg from 'pg';
import { readProcStat } from './proc-cpu.ts';

/** The pid of the PostgreSQL server's postmaster: the parent of a backend serving us. */
export async function postmasterPid(): Promise<number> {
  const client = new pg.Client({ connectionString: `${POSTGRES.url}/postgres` });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const backend = readProcStat(rows[0]?.pid as number);
    if (backend === undefined) throw new Error('the PostgreSQL server is not a process of this machine');
    return backend.ppid;
  } finally {
    await client.end();
  }
}

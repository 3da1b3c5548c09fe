import type pg from 'pg';
import type { Snapshotting } from '../connector.ts';
import { ConnectorError } from '../connector-error.ts';

/**
 * PostgreSQL exported snapshots: a coordinator connection opens a repeatable-read transaction and
 * `pg_export_snapshot()`s it; every reader then `SET TRANSACTION SNAPSHOT`s that id, so all
 * partitions of a run see the same committed state. The coordinator holds the transaction open
 * until `releaseSnapshot`.
 */
export function postgresSnapshots(config: pg.ClientConfig): Snapshotting {
  const open = new Map<string, pg.Client>();
  return {
    async exportSnapshot() {
      const { default: driver } = await import('pg');
      const client = new driver.Client(config);
      client.on('error', () => {});
      await client.connect();
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const result = await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
        const id = result.rows[0]?.id;
        if (id === undefined) throw new ConnectorError('PostgreSQL returned no snapshot id');
        open.set(id, client);
        return id;
      } catch (error) {
        await client.end().catch(() => {});
        throw error;
      }
    },
    async releaseSnapshot(id) {
      const client = open.get(id);
      if (client === undefined) return;
      open.delete(id);
      await client.query('COMMIT').catch(() => {});
      await client.end().catch(() => {});
    },
  };
}

/** Snapshot ids are interpolated into SQL (`SET TRANSACTION SNAPSHOT` takes no parameter): whitelist them. */
export function assertSnapshotId(id: string): string {
  if (!/^[0-9A-Fa-f]+(-[0-9A-Fa-f]+)+$/.test(id))
    throw new ConnectorError(`"${id}" is not a PostgreSQL snapshot id`);
  return id;
}

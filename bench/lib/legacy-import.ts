import type { CompiledEntity, Connector, StreamInfo } from '@madeup/onboard';
import { type Rate, startTimer } from './rate-timer.ts';

/** Where the replica sends its records. */
export interface LegacyTarget {
  readonly coreUrl: string;
  readonly token: string;
  readonly source: string;
}

/**
 * A replica of the old import design (`../shared/seed/etl-refactor-proposal.txt`): one thread, one
 * job per record, one request per record. For each id in turn: one query for that row (a one-row
 * partition of the connector), the row transformed by the mapping, the record serialised as a job
 * and read back, then sent alone to core, waiting for the answer before the next id. References
 * are deferred, as the old importer built each record with its cascade on its own. `requests`
 * counts the one-record batches it sent (a row the mapping rejects is not sent).
 */
export async function legacyImport(
  connector: Connector,
  stream: StreamInfo,
  entity: CompiledEntity,
  target: LegacyTarget,
  ids: readonly number[],
): Promise<Rate & { failed: number; requests: number }> {
  const key = stream.primaryKey[0];
  if (key === undefined || stream.primaryKey.length !== 1)
    throw new Error(`${stream.name} needs a one-column key`);
  let failed = 0;
  let requests = 0;
  const timer = startTimer();
  for (const id of ids) {
    const partition = { stream: stream.name, index: 0, key: [key], lower: [id - 1], upper: [id] };
    for await (const rows of connector.read(stream, partition, { batchSize: 1 })) {
      for (const row of rows) {
        const out = entity.transform(row);
        if (!('record' in out)) {
          failed++;
          continue;
        }
        const job = JSON.parse(JSON.stringify({ entity: entity.entity, record: out.record }));
        requests++;
        const response = await fetch(`${target.coreUrl}/v1/import/${job.entity}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ source: target.source, deferUnresolved: true, records: [job.record] }),
        });
        const body = (await response.json()) as { counts?: { rejected: number } };
        if (!response.ok || (body.counts?.rejected ?? 1) > 0) failed++;
      }
    }
  }
  return { ...timer.stop(ids.length), failed, requests };
}

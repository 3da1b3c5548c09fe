import { columnsOf, type ImportRecord, rowOf } from '@madeup/contract';
import { CoreClient, columnarEnvelope, Loader, RecordBatcher } from '@madeup/onboard';

/** Sends batches of records to core's import API the way `onboard run` does. */
export interface OnboardImport {
  /**
   * One batch of `entity` as batch number `seq` of task `entity` in run `runId` (its
   * `Idempotency-Key` follows from those and the body, as onboard's does); throws if core rejected
   * any record.
   */
  send(runId: string, entity: string, seq: number, records: readonly ImportRecord[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * onboard's own client side over one connection, one request in flight: each batch written as
 * onboard's batch assembly writes a columnar batch (`columnsOf` the first record, each record
 * `JSON.stringify` of its `rowOf` into a `RecordBatcher` under `columnarEnvelope`), sent by its
 * `Loader` (an `Idempotency-Key`, so core stores the outcome) through its `CoreClient` (undici,
 * asking for the compact answer and reading it back into per-record results).
 */
export async function openOnboardImport(url: string, token: string, source: string): Promise<OnboardImport> {
  const client = new CoreClient({ url, token, connections: 1 });
  const schema = await client.schema();
  const loader = new Loader(client, 1);
  const limits = { maxRecords: schema.maxBatchRecords, maxBytes: schema.maxBatchBytes };
  let batcher: RecordBatcher | undefined;
  return {
    async send(runId, entity, seq, records) {
      const first = records[0];
      if (first === undefined) return;
      const columns = columnsOf(first);
      const envelope = columnarEnvelope(source, false, columns);
      batcher ??= new RecordBatcher(limits, envelope);
      batcher.begin(envelope);
      const externalIds: string[] = [];
      for (const record of records) {
        const json = JSON.stringify(rowOf(record, columns) ?? record);
        const bytes = Buffer.byteLength(json);
        if (batcher.wouldOverflow(bytes))
          throw new Error(`a batch of ${records.length} is over core's limits`);
        batcher.add(json, bytes);
        externalIds.push(record.externalId);
      }
      const body = batcher.take();
      const results = await loader.load({
        runId,
        taskId: entity,
        seq,
        entity,
        dryRun: false,
        body,
        externalIds,
      });
      const rejected = results.find((result) => result.outcome === 'rejected');
      if (rejected !== undefined)
        throw new Error(
          `import of ${entity} rejected ${rejected.externalId}: ${JSON.stringify(rejected.errors)}`,
        );
    },
    close: () => client.close(),
  };
}

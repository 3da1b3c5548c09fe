import type { SchemaDocument } from '@madeup/contract';
import { analyseMapping, type Connector, parseMappingText, type StreamInfo } from '@madeup/onboard';

/**
 * Reads every row of every stream the mapping uses and transforms it: records made, rows rejected,
 * and the rejections by entity, first field and code.
 */
export async function transformAll(
  connector: Connector,
  streams: readonly StreamInfo[],
  text: string,
  schema: SchemaDocument,
): Promise<{ records: number; rejected: number; reasons: Record<string, number> }> {
  const { compiled } = analyseMapping(parseMappingText(text).data, schema, { streams });
  let records = 0;
  let rejected = 0;
  const reasons: Record<string, number> = {};
  // Joins are applied by a run's reader, not by `transform`: entities with joins are left out here.
  for (const entity of (compiled?.entities ?? []).filter((e) => !e.joins?.length)) {
    const stream = streams.find((s) => s.name === entity.stream)!;
    for (const partition of await connector.partition(stream, 1_000_000_000)) {
      for await (const batch of connector.read(stream, partition, { batchSize: 1000 })) {
        for (const row of batch) {
          const out = entity.transform(row);
          if ('record' in out) records++;
          else if ('error' in out) {
            rejected++;
            const reason = `${entity.entity}.${out.error.field}: ${out.error.code}`;
            reasons[reason] = (reasons[reason] ?? 0) + 1;
          }
        }
      }
    }
  }
  return { records, rejected, reasons };
}

import type { Connector, StreamInfo } from '../../connectors/connector.ts';
import type { Row } from '../../connectors/value.ts';

/**
 * Up to `limit` rows of each table, view and file, in key order from the start (one batch of the
 * first partition): what `draftMapping` learns value conversions from. A stream that cannot be
 * read (a key of a type onboard cannot read) gives no sample; the draft then keeps plain
 * conversions for it.
 */
export async function sampleRows(
  connector: Connector,
  streams: readonly StreamInfo[],
  limit = 500,
): Promise<Map<string, readonly Row[]>> {
  const samples = new Map<string, readonly Row[]>();
  for (const stream of streams) {
    if (stream.kind === 'query') continue;
    try {
      const [first] = await connector.partition(stream, Number.MAX_SAFE_INTEGER);
      if (!first) continue;
      for await (const batch of connector.read(stream, first, { batchSize: limit })) {
        samples.set(stream.name, batch.slice(0, limit));
        break;
      }
    } catch {
      // no sample: plain conversions
    }
  }
  return samples;
}

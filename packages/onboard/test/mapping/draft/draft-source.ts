import { openConnector } from '../../../src/connectors/registry.ts';
import { draftMapping } from '../../../src/mapping/draft/draft-mapping.ts';
import { sampleRows } from '../../../src/mapping/draft/sample-rows.ts';
import { writeDraft } from '../../../src/mapping/draft/write-draft.ts';
import { CORE_SCHEMA } from '../fixtures/core-schema.ts';

/** What `onboard mapping init` does with a SQLite file, in process: discover, sample, draft, write. */
export async function draftSource(path: string) {
  const connector = openConnector({ url: `sqlite:${path}`, onWarning: () => {} });
  try {
    const streams = await connector.discover();
    const samples = await sampleRows(connector, streams);
    const text = writeDraft(draftMapping(CORE_SCHEMA, streams, { source: 'fuzz', samples }), ['fuzz']);
    return { streams, text };
  } finally {
    await connector.close();
  }
}

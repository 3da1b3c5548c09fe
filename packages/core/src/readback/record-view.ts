import type { RecordView } from '@madeup/contract';
import type { StoredRecord } from '../import/stored-record.ts';
import type { CompiledEntity } from '../model/compiled-entity.ts';

/** A stored record as the API shows it: fields nested as on the wire, refs by external id. */
export function recordView(entity: CompiledEntity, source: string, stored: StoredRecord): RecordView {
  const fields: Record<string, unknown> = {};
  for (const [top, leaves] of entity.fields) {
    if (entity.def.fields[top]?.type !== 'object') {
      fields[top] = stored.values.get(leaves[0]?.column ?? '') ?? null;
      continue;
    }
    const members = Object.fromEntries(
      leaves.map((l) => [l.member ?? '', stored.values.get(l.column) ?? null]),
    );
    fields[top] = Object.values(members).every((v) => v === null) ? null : members;
  }
  return {
    id: stored.id,
    entity: entity.name,
    source,
    externalId: stored.externalId,
    fields,
    refs: Object.fromEntries(entity.refs.map((ref, at) => [ref.name, stored.refXidAt(at)])),
    contentHash: stored.contentHash,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    deletedAt: stored.deletedAt,
  };
}

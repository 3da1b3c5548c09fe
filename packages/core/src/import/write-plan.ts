import type { CompiledEntity } from '../model/compiled-entity.ts';
import { timestampKind } from '../model/kinds/timestamp-kind.ts';
import type { Model } from '../model/model.ts';
import { bulkInsert } from '../storage/bulk-sql.ts';
import type { Queryable } from '../storage/dynamic-database.ts';
import { entityColumnTypes } from '../storage/entity-column-types.ts';
import type { StorageDialect } from '../storage/storage-dialect.ts';
import { chunk, rowsPerStatement } from './chunk.ts';
import type { PlannedWrite } from './plan-record.ts';
import { selectIds } from './select-existing.ts';

const timestampToDb = (iso: string) => timestampKind.toDb(iso) as string;

const columnLists = new WeakMap<CompiledEntity, readonly string[]>();

/** The columns `toRow` fills, in its order (built once per entity). */
function rowColumns(entity: CompiledEntity): readonly string[] {
  let columns = columnLists.get(entity);
  if (columns === undefined) {
    columns = [
      'source',
      'external_id',
      'content_hash',
      'row_created_at',
      'row_updated_at',
      'row_deleted_at',
      ...entity.leaves.map((l) => l.column),
      ...entity.refs.flatMap((r) => [r.idColumn, r.xidColumn]),
    ];
    columnLists.set(entity, columns);
  }
  return columns;
}

/**
 * The values of one row, in the order of `rowColumns(entity)`; `nowDb` is the batch's timestamp as
 * stored (`timestampToDb(now)`, worked out once per batch rather than twice per row).
 */
function toRow(entity: CompiledEntity, source: string, p: PlannedWrite, nowDb: string): unknown[] {
  const leaves = entity.leaves;
  const refs = entity.refs;
  const row: unknown[] = new Array(6 + leaves.length + 2 * refs.length);
  row[0] = source;
  row[1] = p.externalId;
  row[2] = p.contentHash;
  row[3] = p.existing === undefined ? nowDb : timestampToDb(p.existing.createdAt);
  row[4] = nowDb;
  row[5] = null;
  for (let i = 0; i < leaves.length; i++) {
    const value = p.values[i] ?? null;
    row[6 + i] = value === null ? null : (leaves[i] as (typeof leaves)[number]).kind.toDb(value);
  }
  const at = 6 + leaves.length;
  for (let i = 0; i < refs.length; i++) {
    row[at + 2 * i] = p.refIds[i] ?? null;
    row[at + 2 * i + 1] = p.refXids[i] ?? null;
  }
  return row;
}

function byExternalId(a: PlannedWrite, b: PlannedWrite): number {
  return a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0;
}

/** Everything the writer needs. */
export interface WriteContext {
  readonly db: Queryable;
  readonly dialect: StorageDialect;
  readonly model: Model;
  readonly entity: CompiledEntity;
  readonly source: string;
  /** Canonical timestamp of this write. */
  readonly now: string;
  /** See `StorageDialect.consecutiveInsertIds`. */
  readonly insertIdStep?: number;
}

/**
 * Writes a planned batch with multi-row statements: plain INSERTs for new records, or the dialect's
 * bulk path where it has one (`insertNewRows`; either way a concurrent insert of the same key fails
 * the transaction, which is retried), upserts for changed ones (their
 * rows are locked). Returns the ids of created records by external id.
 */
export async function writePlan(
  ctx: WriteContext,
  planned: readonly PlannedWrite[],
): Promise<Map<string, string>> {
  const { db, dialect, entity, source, now } = ctx;
  const syntax = dialect.syntax;
  // One key order for every batch: concurrent batches writing overlapping keys take their row and
  // index locks in the same order, so they wait for each other instead of deadlocking.
  const created = planned.filter((p) => p.outcome === 'created').sort(byExternalId);
  const updated = planned.filter((p) => p.outcome === 'updated').sort(byExternalId);
  const width = 6 + entity.leaves.length + 2 * entity.refs.length;
  const perStatement = rowsPerStatement(width);
  const ids = new Map<string, string>();
  const returning = syntax.supportsReturning ? ['id', 'external_id'] : [];
  const types = entityColumnTypes(entity);
  const columns = rowColumns(entity);
  const target = { table: entity.table, columns, types };
  const step = ctx.insertIdStep;
  const nowDb = timestampToDb(now);
  // Where the dialect has a bulk path for new rows (PostgreSQL's COPY), all of them in one go.
  let copied: readonly string[] | undefined;
  if (dialect.insertNewRows !== undefined && created.length > 0) {
    const rows = created.map((p) => toRow(entity, source, p, nowDb));
    copied = await dialect.insertNewRows(db, target, rows, (ids) =>
      fillSelfReferences(entity, created, rows, ids),
    );
  }
  if (copied !== undefined)
    for (let k = 0; k < created.length; k++)
      ids.set((created[k] as PlannedWrite).externalId, copied[k] as string);
  for (const part of copied === undefined ? chunk(created, perStatement) : []) {
    const rows = part.map((p) => toRow(entity, source, p, nowDb));
    const inserted = await bulkInsert(db, syntax, target, rows, { kind: 'fail' }, returning);
    for (const row of inserted.rows) ids.set(String(row['external_id']), String(row['id']));
    // No RETURNING (MySQL): the ids follow from the first where they are consecutive in row order.
    const first = inserted.firstInsertId;
    if (!syntax.supportsReturning && step !== undefined && first !== undefined)
      for (let k = 0; k < part.length; k++)
        ids.set((part[k] as PlannedWrite).externalId, String(first + BigInt(k * step)));
  }
  const unknown = created.filter((p) => !ids.has(p.externalId)).map((p) => p.externalId);
  if (unknown.length > 0)
    for (const [xid, id] of await selectIds(db, syntax, entity.table, source, unknown)) ids.set(xid, id);
  const overwritten = columns.filter((c) => c !== 'source' && c !== 'external_id' && c !== 'row_created_at');
  for (const part of chunk(updated, perStatement)) {
    const rows = part.map((p) => toRow(entity, source, p, nowDb));
    await bulkInsert(db, syntax, target, rows, {
      kind: 'update',
      keys: ['source', 'external_id'],
      columns: overwritten,
    });
  }
  await resolveWaitingChildren(
    ctx,
    planned.filter((p) => p.outcome !== 'unchanged').map((p) => p.externalId),
  );
  return ids;
}

/**
 * Sets, in the rows about to be inserted, the id of each self-reference to a record created in the
 * same batch (the planner leaves those null: the parent has no id yet), from the ids the rows will
 * get. Written with the row, the reference costs no resolution `UPDATE` afterwards (a second
 * version of the row). `rows` are `created`'s rows in order, `ids` theirs.
 */
function fillSelfReferences(
  entity: CompiledEntity,
  created: readonly PlannedWrite[],
  rows: readonly (readonly unknown[])[],
  ids: readonly string[],
): void {
  const columns = rowColumns(entity);
  // Each self-reference's position among the refs and its id column's in the row, once per batch.
  const self: { ref: number; column: number }[] = [];
  for (const [ref, r] of entity.refs.entries())
    if (r.target === entity.name) self.push({ ref, column: columns.indexOf(r.idColumn) });
  if (self.length === 0) return;
  const idOf = new Map<string, string>();
  for (let k = 0; k < created.length; k++)
    idOf.set((created[k] as PlannedWrite).externalId, ids[k] as string);
  for (let k = 0; k < created.length; k++) {
    const p = created[k] as PlannedWrite;
    for (const { ref, column } of self) {
      const xid = p.refXids[ref];
      if (p.refIds[ref] !== null || xid === null || xid === undefined) continue;
      const id = idOf.get(xid);
      if (id !== undefined) (rows[k] as unknown[])[column] = id;
    }
  }
}

/**
 * Resolves pending references, set-based: children (of any entity) waiting for the parents
 * `parentXids` (the records just written). Runs inside the write transaction (so the usual case is atomic) and again after commit
 * (the caller's second call): a child batch committing while this one is open cannot see these
 * parents and this transaction cannot see its children, but the later of the two commits sees the
 * other (this batch's own deferred references get the same second pass, `resolveOwnDeferred`).
 */
export async function resolveWaitingChildren(
  ctx: WriteContext,
  parentXids: readonly string[],
): Promise<void> {
  const { db, dialect, model, entity, source } = ctx;
  let children = model.referencing(entity.name);
  if (parentXids.length === 0 || children.length === 0) return;
  if (dialect.pendingAmong !== undefined) {
    const refs = children.map(({ entity: child, ref }) => ({
      childTable: child.table,
      idColumn: ref.idColumn,
      xidColumn: ref.xidColumn,
    }));
    const pending = await dialect.pendingAmong(db, source, refs);
    children = children.filter((_, i) => pending[i] === true);
  }
  for (const xids of chunk(parentXids, 1000))
    for (const { entity: child, ref } of children)
      await dialect.resolvePending(db, {
        childTable: child.table,
        idColumn: ref.idColumn,
        xidColumn: ref.xidColumn,
        parentTable: entity.table,
        source,
        parentXids: xids,
      });
}

/**
 * Resolves this batch's own deferred references whose parent exists by now (a parent written by a
 * concurrent batch). Run after commit, so a parent and child committed at the same moment still
 * find each other: the later of the two commits sees the other.
 */
export async function resolveOwnDeferred(ctx: WriteContext, planned: readonly PlannedWrite[]): Promise<void> {
  const { db, dialect, model, entity, source } = ctx;
  for (const [index, ref] of entity.refs.entries()) {
    const waiting = [
      ...new Set(planned.filter((p) => p.deferred.includes(ref.name)).map((p) => p.refXids[index] ?? '')),
    ];
    const parent = model.get(ref.target);
    if (parent === undefined || ref.target === entity.name) continue;
    for (const xids of chunk(
      waiting.filter((x) => x !== ''),
      1000,
    ))
      await dialect.resolvePending(db, {
        childTable: entity.table,
        idColumn: ref.idColumn,
        xidColumn: ref.xidColumn,
        parentTable: parent.table,
        source,
        parentXids: xids,
      });
  }
}

import type { Rejection } from '../../src/store/run-records.ts';
import type { RunStore } from '../../src/store/run-store.ts';

/**
 * Text a customer's source or core's answers may carry into the console, each a payload that calls
 * `__xss(label)` if it ever runs as script. Every one must reach the page as literal text.
 */
export const HOSTILE = {
  runId: `r"><img src=x onerror=__xss('run')>`,
  tenant: `acme<img src=x onerror=__xss('tenant')>`,
  sourceName: `<script>__xss('source')</script>`,
  sourceUrl: `javascript:__xss('url')//`,
  mapping: `"><svg onload=__xss('mapping')>.yaml`,
  /** An entity whose name opens a right-to-left override and never closes it. */
  entity: `\u202Ecust<img src=x onerror=__xss('entity')>`,
  externalId: `javascript:__xss('id')`,
  field: `fields.<b onmouseover=__xss('field')>email`,
  code: `<iframe src="javascript:__xss('code')">`,
  /** A message that looks like a Preact element (htm's own output) and like the console's JSON. */
  vnode: `{"type":"img","props":{"src":"x","onerror":"__xss('vnode')"},"constructor":null}`,
  column: `<img src=x onerror=__xss('column')>`,
  value: `a\u200Bb\u2066<svg onload=__xss('value')>\u202Ec`,
  runError: `"><svg/onload=__xss('error')>`,
  taskError: `<a href="javascript:__xss('task')">retry</a>`,
  deletedId: `</code><script>__xss('deleted')</script>`,
  /** A tenant that is a relative path segment, and its run. */
  dotTenant: '..',
  dotRunId: 'dots',
  /** 20,000 characters without a space. */
  long: `${'W'.repeat(20_000)}<img src=x onerror=__xss('long')>`,
} as const;

/**
 * A message that is not text but an object shaped like a Preact element, as a store written by
 * something else could hold: Preact must not render it as an element.
 */
const ELEMENT_SHAPED = {
  type: 'img',
  props: { src: 'x', onerror: `__xss('element')` },
  __k: null,
  constructor: undefined,
} as unknown as string;

/** A rejected row whose every part is hostile. */
function hostileRejection(position: number, message: string): Rejection {
  return {
    position,
    entity: HOSTILE.entity,
    externalId: HOSTILE.externalId,
    stage: 'core',
    errors: [
      { field: HOSTILE.field, code: HOSTILE.code, message },
      { field: HOSTILE.field, code: HOSTILE.code, message: ELEMENT_SHAPED },
    ],
    row: {
      [HOSTILE.column]: HOSTILE.value,
      email: HOSTILE.long,
      nested: { type: 'script', props: { dangerouslySetInnerHTML: { __html: `__xss('nested')` } } },
    },
  };
}

/**
 * Stores a failed mirror run of tenant `HOSTILE.tenant` whose names, errors, rejected records,
 * reconciliation and deletions are all hostile text, and a run of tenant `..`.
 */
export async function storeHostileRun(store: RunStore): Promise<void> {
  const id = HOSTILE.runId;
  await store.createRun({
    id,
    sourceName: HOSTILE.sourceName,
    sourceUrl: HOSTILE.sourceUrl,
    coreUrl: 'http://core',
    tenantId: HOSTILE.tenant,
    mappingPath: `/maps/${HOSTILE.mapping}`,
    mappingHash: 'h',
    schemaVersion: 'v1',
    dryRun: false,
    options: { mirror: true },
    phases: [[HOSTILE.entity]],
  });
  const task = { phase: 0, entity: HOSTILE.entity, stream: HOSTILE.long, estimatedRows: 10, task: {} };
  await store.addTasks(id, [
    { ...task, taskId: 't0', partitionIndex: 0 },
    { ...task, taskId: 't1', partitionIndex: 1 },
  ]);
  await store.setRunStatus(id, 'running');
  await store.recordBatch({
    runId: id,
    taskId: 't0',
    seq: 0,
    entity: HOSTILE.entity,
    rowsRead: 4,
    skipped: 0,
    created: 1,
    updated: 0,
    unchanged: 0,
    rejected: 3,
    checksumCount: 0,
    checksum: '0000000000000000',
    durationMs: 1,
    after: [0],
    cursorMax: null,
    rejections: [
      hostileRejection(0, HOSTILE.vnode),
      hostileRejection(1, HOSTILE.long),
      hostileRejection(2, HOSTILE.runError),
    ],
    sentIds: [HOSTILE.externalId],
  });
  await store.finishTask(id, 't0', 'done');
  await store.finishTask(id, 't1', 'failed', HOSTILE.taskError);
  await store.mirror.noteDeletions(id, HOSTILE.entity, [HOSTILE.deletedId, HOSTILE.externalId]);
  await store.saveReconciliation(id, [
    {
      entity: HOSTILE.entity,
      loaded: 1,
      checksum: HOSTILE.code,
      coreCount: 2,
      coreChecksum: HOSTILE.vnode,
      status: 'mismatch',
      reason: HOSTILE.long,
    },
  ]);
  await store.setRunStatus(id, 'failed', HOSTILE.runError);
  await store.createRun({
    id: HOSTILE.dotRunId,
    sourceName: 'vendor-x',
    sourceUrl: 'sqlite:x',
    coreUrl: 'http://core',
    tenantId: HOSTILE.dotTenant,
    mappingPath: 'm.yaml',
    mappingHash: 'h',
    schemaVersion: 'v1',
    dryRun: false,
    options: {},
    phases: [['customer']],
  });
}

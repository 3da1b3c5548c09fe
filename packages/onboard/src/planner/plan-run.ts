import { COLUMNAR_IMPORT_MEDIA_TYPE, type SchemaDocument } from '@madeup/contract';
import type { Connector, Partition, StreamInfo } from '../connectors/connector.ts';
import type { SourceValue } from '../connectors/value.ts';
import { OnboardError } from '../errors/onboard-error.ts';
import { cursorCeiling } from './cursor-ceiling.ts';
import { joinStreams } from './join-limit.ts';
import type { MappingView } from './mapping-view.ts';
import { type PartitionTask, type TaskCoordinates, taskId } from './partition-task.ts';
import { groupPhases, type StreamGroup, streamGroups } from './stream-groups.ts';

/** What a plan needs beyond the mapping, the schema and the connector. */
export interface PlanOptions {
  readonly runId: string;
  readonly mapping: { readonly path: string; readonly hash: string };
  readonly coordinates: TaskCoordinates;
  readonly dryRun: boolean;
  /** Timezone of the source's naive timestamps. Default UTC. */
  readonly timezone?: string;
  /** Rows per partition, at most. Default 50,000. */
  readonly targetPartitionRows?: number;
  /**
   * Split a stream into at least this many partitions when it has enough rows (1,000 per
   * partition at least), so even a mid-sized entity keeps the whole pool busy. Default 1.
   */
  readonly minPartitions?: number;
  /** Rows per source read. Default: core's `maxBatchRecords`. */
  readonly readBatchSize?: number;
  /** Batches of one task in flight. Default 2. */
  readonly inFlight?: number;
  /** Smaller batches than core allows (never larger). */
  readonly maxBatchRecords?: number;
  /** Incremental run: the stored watermark of a stream (by its cursor column), if any. */
  readonly watermark?: (stream: string, column: string) => Promise<SourceValue | undefined>;
  /**
   * The connector's `discover()` result when the caller has it already (the mapping was compiled
   * against it when the run's context opened): the source is not discovered a second time.
   */
  readonly streams?: readonly StreamInfo[];
}

/** One entity's step in a plan. */
export interface PlannedEntity {
  readonly entity: string;
  readonly stream: string;
  readonly deferUnresolved: boolean;
  readonly partitions: number;
  /** Sum of the partitions' estimates; null when the source gives none. */
  readonly estimatedRows: number | null;
}

export interface RunPlan {
  readonly phases: readonly (readonly PlannedEntity[])[];
  readonly tasks: readonly PartitionTask[];
}

/** A mapped stream the source does not have. */
export class MissingStreamError extends OnboardError {
  override readonly name = 'MissingStreamError';
  constructor(message: string, options?: ErrorOptions) {
    super('config', message, options);
  }
}

/**
 * Orders the mapping's entities by core's references, partitions every stream through the
 * connector, and turns each partition into a `PartitionTask`.
 */
export async function planRun(
  schema: SchemaDocument,
  mapping: MappingView,
  connector: Connector,
  options: PlanOptions,
): Promise<RunPlan> {
  const streams = new Map((options.streams ?? (await connector.discover())).map((s) => [s.name, s] as const));
  const byEntity = new Map(mapping.entities.map((e) => [e.entity, e] as const));
  // A core that announces the columnar body gets it; an older one, the object form.
  const columnar = schema.importMediaTypes?.includes(COLUMNAR_IMPORT_MEDIA_TYPE) === true;
  const maxBatchRecords = Math.min(schema.maxBatchRecords, options.maxBatchRecords ?? schema.maxBatchRecords);
  const phases: PlannedEntity[][] = [];
  const tasks: PartitionTask[] = [];
  // Entities that read one stream read it once: one task per partition feeds them all.
  const groups = streamGroups(schema, mapping.entities);
  const groupOf = new Map(groups.map((group) => [group.lead, group]));
  for (const [phaseIndex, phase] of groupPhases(schema, groups).entries()) {
    const planned: PlannedEntity[] = [];
    for (const entity of phase.entities) {
      const group = groupOf.get(entity) as StreamGroup;
      const mapped = byEntity.get(entity);
      if (mapped === undefined) continue;
      const stream = streams.get(mapped.stream);
      if (stream === undefined) {
        throw new MissingStreamError(
          `entity ${entity} reads stream "${mapped.stream}", which the source does not have`,
        );
      }
      const joins = group.members.flatMap((member) => byEntity.get(member)?.joins ?? []);
      const joined =
        joins.length > 0
          ? [...new Map(joinStreams(entity, joins, streams).map((s) => [s.name, s])).values()]
          : undefined;
      // Before any partition is read: the ceiling of the watermark this run may leave.
      const ceiling = options.dryRun ? undefined : await cursorCeiling(connector, stream, mapped, streams);
      const partitions = await connector.partition(stream, partitionTarget(stream, options));
      const deferUnresolved = phase.deferred.includes(entity) || group.cyclic;
      const mark =
        mapped.cursor !== undefined && options.watermark
          ? await options.watermark(stream.name, mapped.cursor)
          : undefined;
      for (const member of group.members)
        planned.push({
          entity: member,
          stream: stream.name,
          deferUnresolved,
          partitions: partitions.length,
          estimatedRows: estimate(stream, partitions),
        });
      for (const partition of partitions) {
        tasks.push({
          version: 1,
          runId: options.runId,
          taskId: taskId(entity, partition.index),
          phase: phaseIndex,
          entity,
          ...(group.members.length > 1 ? { entities: group.members } : {}),
          sourceName: mapping.source,
          stream,
          partition,
          estimatedRows: partition.estimatedRows ?? unestimatedShare(stream, partitions),
          deferUnresolved,
          dryRun: options.dryRun,
          readBatchSize: options.readBatchSize ?? maxBatchRecords,
          maxBatchRecords,
          maxBatchBytes: schema.maxBatchBytes,
          ...(columnar ? { columnar } : {}),
          inFlight: options.inFlight ?? 2,
          mapping: options.mapping,
          coordinates: options.coordinates,
          timezone: options.timezone ?? 'UTC',
          ...(joined === undefined ? {} : { joinStreams: joined }),
          ...(mapped.cursor === undefined ? {} : { cursorColumn: mapped.cursor }),
          ...(ceiling === undefined ? {} : { cursorCeiling: ceiling }),
          ...(mapped.cursor === undefined || mark === undefined
            ? {}
            : { cursor: { column: mapped.cursor, value: mark } }),
        });
      }
    }
    phases.push(planned);
  }
  return { phases, tasks };
}

const MIN_PARTITION_ROWS = 1000;

/** Rows per partition for a stream: the target, or less so that big enough streams get `minPartitions`. */
export function partitionTarget(
  stream: StreamInfo,
  options: Pick<PlanOptions, 'targetPartitionRows' | 'minPartitions'>,
): number {
  const target = options.targetPartitionRows ?? 50_000;
  const wanted = options.minPartitions ?? 1;
  if (stream.estimatedRows === undefined || wanted <= 1) return target;
  return Math.min(target, Math.max(MIN_PARTITION_ROWS, Math.ceil(stream.estimatedRows / wanted)));
}

/**
 * The estimate of a partition that has none (the key walk's last, open-ended one): what the
 * stream's estimate leaves after the partitions that have one, shared among those without. A
 * stream of 60,000 rows in partitions of 50,000 is 50,000 + 10,000, not 50,000 + 60,000 / 2.
 */
function unestimatedShare(stream: StreamInfo, partitions: readonly Partition[]): number | null {
  if (stream.estimatedRows === undefined) return null;
  const known = partitions.reduce((sum, p) => sum + (p.estimatedRows ?? 0), 0);
  const without = partitions.filter((p) => p.estimatedRows === undefined).length;
  return Math.max(0, Math.ceil((stream.estimatedRows - known) / without));
}

function estimate(stream: StreamInfo, partitions: readonly Partition[]): number | null {
  if (partitions.length > 0 && partitions.every((p) => p.estimatedRows !== undefined)) {
    return partitions.reduce((sum, p) => sum + (p.estimatedRows ?? 0), 0);
  }
  return stream.estimatedRows ?? null;
}

import { compareCursor, maxCursor } from '../connectors/compare-cursor.ts';
import type { Connector, StreamInfo } from '../connectors/connector.ts';
import type { Row, SourceValue } from '../connectors/value.ts';
import { ConfigError } from '../errors/onboard-error.ts';
import { JoinTooLargeError, MAX_JOIN_ROWS } from '../planner/join-limit.ts';
import type { JoinView } from '../planner/mapping-view.ts';

/** How a task reads its joined streams: its snapshot, batch size and abort signal. */
export interface JoinReadOptions {
  readonly batchSize: number;
  readonly snapshot?: string;
  readonly signal?: AbortSignal;
  /** Rows a joined stream may have, at most; default `MAX_JOIN_ROWS`. */
  readonly maxRows?: number;
}

/** Key values as one text: values compare as text (`7` meets `"7"`), a null never meets anything. */
function keyText(values: readonly unknown[]): string | undefined {
  let text = '';
  for (const value of values) {
    if (value === null || value === undefined) return undefined;
    text += `${String(value)}\u0000`;
  }
  return text;
}

/**
 * Reads every joined stream of an entity whole, once, into a map from key to row (at most
 * `MAX_JOIN_ROWS` rows each), and returns the function that adds the joined rows' columns to a
 * row of the entity's stream, as `alias.column`, join after join (a later join may follow a column
 * an earlier one added: address -> city -> country). A row with no match gets nulls.
 */
export async function loadRowJoins(
  connector: Connector,
  entity: string,
  joins: readonly JoinView[],
  streams: readonly StreamInfo[],
  options: JoinReadOptions,
): Promise<(row: Row) => Row> {
  const steps: ((row: Record<string, SourceValue>) => void)[] = [];
  for (const join of joins) {
    const stream = streams.find((candidate) => candidate.name === join.stream);
    if (stream === undefined)
      throw new ConfigError(
        `entity ${entity} joins stream "${join.stream}", which the task does not describe`,
      );
    const byKey = await readKeyed(connector, entity, join, stream, options);
    const names = stream.columns.filter((c) => c.unsupported === undefined).map((c) => c.name);
    const targets = names.map((name) => `${join.alias}.${name}`);
    steps.push((row) => {
      const key = keyText(join.on.map((column) => row[column]));
      const match = key === undefined ? undefined : byKey.get(key);
      for (let i = 0; i < names.length; i++) row[targets[i]!] = match?.[names[i]!] ?? null;
    });
  }
  return (row) => {
    const joined: Record<string, SourceValue> = { ...row };
    for (const step of steps) step(joined);
    return joined;
  };
}

async function readKeyed(
  connector: Connector,
  entity: string,
  join: JoinView,
  stream: StreamInfo,
  options: JoinReadOptions,
): Promise<Map<string, Row>> {
  const byKey = new Map<string, Row>();
  let rows = 0;
  const limit = options.maxRows ?? MAX_JOIN_ROWS;
  const whole = { stream: stream.name, index: 0, key: [], lower: null, upper: null };
  const read = {
    batchSize: options.batchSize,
    ...(options.snapshot !== undefined ? { snapshot: options.snapshot } : {}),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  };
  for await (const batch of connector.read(stream, whole, read)) {
    rows += batch.length;
    if (rows > limit)
      throw new JoinTooLargeError(
        entity,
        join.alias,
        stream.name,
        `more than ${limit.toLocaleString('en')}`,
        limit,
      );
    for (const row of batch) {
      const key = keyText(join.key.map((column) => row[column]));
      if (key === undefined) continue;
      if (byKey.has(key))
        throw new ConfigError(
          `entity ${entity} joins "${stream.name}" (as ${join.alias}) on ${join.key.join(', ')}, but ` +
            `${join.key.map((column) => `${column} = ${String(row[column])}`).join(', ')} is on more than one row; ` +
            'a join follows a key to one row: name a unique key with `key:`',
        );
      byKey.set(key, row);
    }
  }
  return byKey;
}

/**
 * The cursor over several columns (`MappedEntity.cursorColumns`): a row's value is the largest of
 * them that is not null, written to the row as `column` (the watermark's name), and the row is kept
 * when that value is past `since`, or null (every column null: past no watermark, so every
 * incremental run reads it), and every row when there is no watermark yet.
 */
export function cursorFilter(
  column: string,
  columns: readonly string[],
  since: SourceValue | undefined,
): (row: Row) => Row | undefined {
  return (row) => {
    let value: SourceValue = null;
    for (const name of columns) value = maxCursor(value, row[name]);
    if (since !== undefined && value !== null && compareCursor(value, since) <= 0) return undefined;
    return { ...row, [column]: value };
  };
}

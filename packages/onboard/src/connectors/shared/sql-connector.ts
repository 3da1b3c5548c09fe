import { maxCursor } from '../compare-cursor.ts';
import type {
  CheckResult,
  Connector,
  Partition,
  ReadOptions,
  Snapshotting,
  StreamInfo,
} from '../connector.ts';
import { UnknownStreamError } from '../connector-error.ts';
import type { ConnectorSettings } from '../connector-settings.ts';
import { unreadableColumns } from '../unreadable-columns.ts';
import type { Row, SourceValue } from '../value.ts';
import type { ColumnSpec } from './column-spec.ts';
import { converterFor } from './converter-for.ts';
import { cursorCondition, cursorMayBeNull } from './cursor-condition.ts';
import { encodeParam } from './encode-param.ts';
import { keysetCondition, orderBy } from './keyset.ts';
import { partitionByKeyJumps } from './keyset-partitioner.ts';
import { fromQualifier } from './query-key.ts';
import { rowNormaliser, rowsConverter } from './row-normaliser.ts';
import { splittableKey } from './splittable-key.ts';
import type { KeysetChunks, SqlDriver, SqlStream } from './sql-driver.ts';
import { textTimestampCeiling } from './text-timestamp-ceiling.ts';
import { textTimestampCursor } from './text-timestamp-cursor.ts';

/**
 * The most rows one keyset chunk fetches, whatever the batch size: a batch asked for is then
 * yielded as several chunks. A chunk is one array of raw rows plus one of finished rows, all alive
 * together; at 10,000 rows they outlive the young generation, get promoted and copied, and a 1M-row
 * read of SQLite peaked at 430 MiB against 206 MiB with chunks of 1,000 (and took 20% more CPU).
 */
const MAX_CHUNK_ROWS = 1000;

/**
 * The contract implemented once for every SQL technology on top of a `SqlDriver`: keyset
 * partitioning by index jumps, and reads as one ordered, streamed query per partition.
 */
export class SqlConnector implements Connector {
  readonly kind: string;
  readonly snapshots?: Snapshotting;
  readonly #driver: SqlDriver;
  readonly #settings: ConnectorSettings;
  #streams = new Map<string, SqlStream>();
  /** Row builders by stream and column list: generated once, so every partition reuses warm code. */
  readonly #normalisers = new WeakMap<SqlStream, Map<string, RowBuilders>>();

  constructor(driver: SqlDriver, settings: ConnectorSettings) {
    this.kind = driver.kind;
    if (driver.snapshots) this.snapshots = driver.snapshots;
    this.#driver = driver;
    this.#settings = settings;
  }

  check(): Promise<CheckResult> {
    return this.#driver.check();
  }

  async discover(): Promise<StreamInfo[]> {
    const streams = await this.#driver.discover();
    this.#streams = new Map(streams.map((stream) => [stream.info.name, stream]));
    return streams.map((stream) => stream.info);
  }

  async partition(stream: StreamInfo, targetRows: number): Promise<Partition[]> {
    const found = await this.#resolve(stream.name);
    const key = (await splittableKey(this.#driver, found, this.#settings)) ? found.info.primaryKey : [];
    if (key.length === 0) {
      const estimate = found.info.estimatedRows;
      return [
        {
          stream: stream.name,
          index: 0,
          key: [],
          lower: null,
          upper: null,
          ...(estimate !== undefined ? { estimatedRows: estimate } : {}),
        },
      ];
    }
    const { dialect } = this.#driver;
    const normalise = this.#builders(found, key).row;
    const keyList = key.map((column) => dialect.quote(column)).join(', ');
    return partitionByKeyJumps(stream.name, key, targetRows, async (lower, skip) => {
      const where = lower ? keysetCondition(dialect, key, '>', this.#encode(found, key, lower), 1) : null;
      const sql =
        `SELECT ${keyList} FROM ${found.from}${where ? ` WHERE ${where.sql}` : ''}` +
        `${orderBy(dialect, key)} LIMIT 2 OFFSET ${skip}`;
      const rows = await this.#driver.query(sql, where?.params ?? []);
      return rows.map((raw) => key.map((column) => normalise(raw)[column] as SourceValue));
    });
  }

  async *read(stream: StreamInfo, partition: Partition, options: ReadOptions): AsyncIterable<Row[]> {
    const found = await this.#resolve(stream.name);
    // Columns onboard cannot read are left out of the rows; a key or cursor column cannot be.
    const [unreadable] = unreadableColumns(found.info, [
      ...partition.key,
      ...(options.cursor ? [options.cursor.column] : []),
    ]);
    if (unreadable) throw unreadable;
    const { dialect } = this.#driver;
    // The partition's key, not the stream's: a query whose key did not hold is one keyless partition.
    const key = partition.key;
    const lower = options.after ?? partition.lower;
    if (options.after && key.length === 0) {
      throw new RangeError(`stream "${stream.name}" has no key, so a read cannot resume after a row`);
    }
    const encodedLower = lower ? this.#encode(found, key, lower) : null;
    const upper = partition.upper ? this.#encode(found, key, partition.upper) : null;
    const textCursor =
      options.cursor &&
      this.#driver.textTimestamps === true &&
      this.#spec(found, options.cursor.column).spec.type === 'timestamp'
        ? textTimestampCursor(options.cursor.column, options.cursor.value)
        : undefined;
    const cursor = textCursor
      ? textCursor.bound === null
        ? null
        : [textCursor.bound]
      : options.cursor
        ? this.#encode(found, [options.cursor.column], [options.cursor.value])
        : null;
    const cursorNullable =
      options.cursor !== undefined &&
      cursorMayBeNull(
        found.info.columns.find((c) => c.name === options.cursor?.column),
        this.#spec(found, options.cursor.column).spec,
      );
    /**
     * The WHERE conditions and their parameters, reading after `from` (key values as bound; null:
     * from the partition's start). One lower bound only: with two (`key > lower AND key > after`)
     * SQLite seeks the index to the first and filters the rows up to the second, so every chunk of
     * a keyed read would rescan its partition from the start.
     */
    const where = (from: readonly unknown[] | null): { conditions: string[]; params: unknown[] } => {
      const conditions: string[] = [];
      const params: unknown[] = [];
      const add = (fragment: { sql: string; params: unknown[] }) => {
        conditions.push(fragment.sql);
        params.push(...fragment.params);
      };
      if (from) add(keysetCondition(dialect, key, '>', from, params.length + 1));
      if (upper) add(keysetCondition(dialect, key, '<=', upper, params.length + 1));
      // Past the cursor, or null where the column can hold one (see `cursorCondition`).
      if (cursor && options.cursor)
        add(
          cursorCondition(dialect, options.cursor.column, cursor[0], params.length + 1, {
            mayBeNull: cursorNullable,
            textTimestamps: textCursor !== undefined,
          }),
        );
      return { conditions, params };
    };
    const { conditions, params } = where(encodedLower);
    const names = found.info.columns
      .filter((column) => column.unsupported === undefined)
      .map((column) => column.name);
    const plain = names.map((name) => dialect.quote(name));
    const select = names.map((name, i) => {
      const { spec } = this.#spec(found, name);
      const quoted = plain[i] as string;
      return this.#driver.selectColumn ? this.#driver.selectColumn(quoted, spec) : quoted;
    });
    const lossy = select.flatMap((expression, i) => (expression === plain[i] ? [] : [i]));
    // The chunk queries name every column, so a driver's row objects are keyed by the column names.
    const named = select.map((expression, i) => `${expression} AS ${plain[i]}`);
    const plainNamed = plain.map((quoted) => `${quoted} AS ${quoted}`);
    // The streamed query names each column read through an expression after the column too, so its
    // row objects are keyed by the names (MySQL's DOUBLE cast kept object rows from it); its ORDER BY
    // is then qualified, since a bare name would sort by the expression (MySQL and SQLite look at
    // the select list's names first).
    const sql =
      `SELECT ${select.map((expression, i) => (expression === plain[i] ? expression : named[i])).join(', ')} FROM ${found.from}` +
      `${conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : ''}` +
      orderBy(dialect, key, lossy.length > 0 ? fromQualifier(found.from) : undefined);
    const { row: normalise, objectRows } = this.#builders(found, names);
    const keyIndexes = key.map((column) => names.indexOf(column));
    const chunkable = this.#driver.chunkable;
    const chunkRows = Math.min(options.batchSize, MAX_CHUNK_ROWS);
    const chunks: KeysetChunks | undefined =
      chunkable &&
      key.length > 0 &&
      Number.isSafeInteger(options.batchSize) &&
      options.batchSize > 0 &&
      key.every((column, i) => (keyIndexes[i] ?? -1) >= 0 && chunkable(this.#spec(found, column).spec))
        ? {
            size: chunkRows,
            keyIndexes,
            names,
            lossy,
            // A chunk's `after` is a key read from this partition, so past its lower bound: it replaces it.
            query: (after, limited, exact = true) => {
              const chunk = after ? where(after) : { conditions, params };
              return {
                sql:
                  `SELECT ${(exact ? named : plainNamed).join(', ')} FROM ${found.from}` +
                  `${chunk.conditions.length > 0 ? ` WHERE ${chunk.conditions.join(' AND ')}` : ''}` +
                  // Qualified: the select list names each column's expression after the column.
                  orderBy(dialect, key, fromQualifier(found.from)) +
                  `${limited ? ` LIMIT ${chunkRows}` : ''}`,
                params: [...chunk.params],
              };
            },
          }
        : undefined;
    const streamOptions = {
      batchSize: options.batchSize,
      names,
      row: normalise,
      ...(chunks !== undefined ? { chunks } : {}),
      // Rows as objects keyed by `names`: every query names each column so.
      ...(objectRows !== null ? { objectRows } : {}),
      ...(options.snapshot !== undefined ? { snapshot: options.snapshot } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    };
    for await (const rows of this.#driver.stream(sql, params, streamOptions)) {
      options.signal?.throwIfAborted();
      if (textCursor === undefined) yield rows;
      else {
        const past = rows.filter(textCursor.past);
        if (past.length > 0) yield past;
      }
    }
  }

  async cursorCeiling(stream: StreamInfo, column: string): Promise<SourceValue> {
    const found = await this.#resolve(stream.name);
    const { spec } = this.#spec(found, column);
    const { dialect, selectColumn } = this.#driver;
    const quoted = dialect.quote(column);
    const normalise = this.#builders(found, [column]).row;
    const read = selectColumn ? selectColumn(quoted, spec) : quoted;
    if (this.#driver.textTimestamps === true && spec.type === 'timestamp') {
      // Text whose order is not time order across spellings: the values are compared as read.
      // Narrowed in SQL first where the values' shapes allow (see `textTimestampCeiling`).
      const [probe] = await this.#driver.query(textTimestampCeiling.probe(quoted, found.from), []);
      const narrowed = textTimestampCeiling.candidates(quoted, probe, dialect.placeholder(1));
      let best: SourceValue = null;
      const sql = `SELECT ${read === quoted ? read : `${read} AS ${quoted}`} FROM ${found.from} WHERE ${narrowed?.sql ?? `${quoted} IS NOT NULL`}`;
      for await (const rows of this.#driver.stream(sql, narrowed?.params ?? [], {
        batchSize: 1000,
        names: [column],
        row: normalise,
      }))
        for (const row of rows) best = maxCursor(best, row[column]);
      return best;
    }
    // The database's own max: the order onboard follows for every cursor type it accepts there.
    const sql = `SELECT ${read} FROM (SELECT max(${quoted}) AS ${quoted} FROM ${found.from}) AS onboard_ceiling`;
    const [raw] = await this.#driver.query(sql, []);
    return raw === undefined ? null : (normalise(raw)[column] ?? null);
  }

  close(): Promise<void> {
    return this.#driver.close();
  }

  async #resolve(name: string): Promise<SqlStream> {
    if (!this.#streams.has(name)) await this.discover();
    const found = this.#streams.get(name);
    if (found === undefined) throw new UnknownStreamError(name);
    return found;
  }

  #spec(found: SqlStream, column: string) {
    const index = found.info.columns.findIndex((c) => c.name === column);
    const spec = found.specs[index];
    if (spec === undefined) throw new RangeError(`stream "${found.info.name}" has no column "${column}"`);
    return { index, spec };
  }

  #encode(found: SqlStream, columns: readonly string[], values: readonly SourceValue[]): unknown[] {
    return columns.map((column, i) => {
      const { spec } = this.#spec(found, column);
      const value = encodeParam(values[i] ?? null, spec, this.#settings.timeZone);
      return this.#driver.encodeParam ? this.#driver.encodeParam(value, spec) : value;
    });
  }

  /**
   * The row builders of `columns`: from arrays, and in place from the driver's row objects, a chunk
   * at a time (null when the names cannot key one, see `rowsConverter`; it checks the columns the
   * driver reads through an expression, which a plain read may read lossily). Both share one set of
   * converters, so a column's once-only warnings stay once only whichever a read uses.
   */
  #builders(found: SqlStream, columns: readonly string[]): RowBuilders {
    let byColumns = this.#normalisers.get(found);
    if (byColumns === undefined) {
      byColumns = new Map();
      this.#normalisers.set(found, byColumns);
    }
    const cacheKey = JSON.stringify(columns);
    let builders = byColumns.get(cacheKey);
    if (builders === undefined) {
      const specs = columns.map((column) => this.#spec(found, column).spec);
      const converters = columns.map((column, i) =>
        converterFor(
          specs[i] as ColumnSpec,
          { stream: found.info.name, column, timeZone: this.#settings.timeZone, warn: this.#settings.warn },
          this.#driver.exactScalars,
        ),
      );
      const { selectColumn } = this.#driver;
      const quote = (column: string) => this.#driver.dialect.quote(column);
      const lossy = selectColumn
        ? columns.filter((column, i) => selectColumn(quote(column), specs[i] as ColumnSpec) !== quote(column))
        : [];
      builders = {
        row: rowNormaliser(columns, converters),
        objectRows: rowsConverter(columns, converters, lossy),
      };
      byColumns.set(cacheKey, builders);
    }
    return builders;
  }
}

interface RowBuilders {
  readonly row: (raw: readonly unknown[]) => Row;
  readonly objectRows: ((rows: Record<string, unknown>[], check: boolean) => boolean) | null;
}

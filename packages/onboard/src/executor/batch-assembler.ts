import { columnsOf, type ImportColumns, type ImportRecord, rowOf } from '@madeup/contract';
import { maxCursor } from '../connectors/compare-cursor.ts';
import type { Row, SourceValue } from '../connectors/value.ts';
import { columnarEnvelope, envelopeBytes, RecordBatcher } from '../loader/record-batcher.ts';
import type { Envelope } from '../loader/request-body.ts';
import type { MappedEntity } from '../planner/mapping-view.ts';
import type { Rejection } from '../store/run-records.ts';
import type { BatchDraft } from './batch-outcome.ts';

/** Batches sent as `ColumnarImportRequest` bodies: their source and `deferUnresolved`. */
export interface ColumnarForm {
  readonly source: string;
  readonly deferUnresolved: boolean;
}

/**
 * Turns source rows into batch drafts: each row is transformed once, serialised once, and lands in
 * exactly one batch (as a record, a skip or a rejection). A batch closes before it would break
 * core's record or byte limit, or when it has seen `maxRows` rows, so the batches that follow a
 * checkpoint are always cut the same way.
 */
export class BatchAssembler {
  readonly #mapped: MappedEntity;
  readonly #key: readonly string[];
  readonly #maxRows: number;
  readonly #cursorColumn: string | undefined;
  readonly #batcher: RecordBatcher;
  readonly #columnar: ColumnarForm | undefined;
  /** The columns of the current columnar batch (its first record's). */
  #columns: ImportColumns | undefined;
  /** Each columns' envelope and its size, worked out once per columns (not per record). */
  readonly #envelopes = new WeakMap<ImportColumns, { envelope: Envelope; bytes: number }>();
  #seq: number;
  #draft = emptyDraft();

  constructor(
    mapped: MappedEntity,
    key: readonly string[],
    limits: { maxRecords: number; maxBytes: number },
    envelope: Envelope,
    firstSeq: number,
    cursorColumn?: string,
    columnar?: ColumnarForm,
  ) {
    this.#columnar = columnar;
    this.#cursorColumn = cursorColumn;
    this.#mapped = mapped;
    this.#key = key;
    this.#maxRows = limits.maxRecords;
    this.#batcher = new RecordBatcher(limits, envelope);
    this.#seq = firstSeq;
  }

  /** Adds one row; returns the batch it closed, if any. */
  add(row: Row): BatchDraft | undefined {
    return this.commit(this.prepare(row));
  }

  /**
   * Transforms and serialises one row without adding it: `overflows` says whether adding it
   * (`commit`) closes the current batch first, so several assemblers fed the same rows can close
   * their batches at the same row (`flush` them all, then commit).
   */
  prepare(row: Row): PreparedRow {
    const outcome = safeTransform(this.#mapped, row);
    if ('record' in outcome) {
      const externalId = outcome.record.externalId;
      if (this.#columnar !== undefined) return this.#prepareColumnar(row, outcome.record);
      const json = serialise(outcome.record);
      if (typeof json !== 'string') {
        // A value nested too deep to serialise (e.g. JSON 10,000 levels deep): this row's rejection.
        const message = `the record cannot be serialised: ${json.message}`;
        return { row, rejected: { externalId, errors: [{ field: '', code: 'transform_failed', message }] } };
      }
      const bytes = Buffer.byteLength(json);
      if (this.#batcher.tooLarge(bytes)) {
        const message = `the record is ${bytes} bytes, more than core accepts in one request`;
        return { row, rejected: { externalId, errors: [{ field: '', code: 'too_large', message }] } };
      }
      return { row, record: { externalId, json, bytes }, overflows: this.#batcher.wouldOverflow(bytes) };
    }
    if ('skipped' in outcome) return { row, skipped: true };
    return { row, rejected: { externalId: outcome.externalId ?? null, errors: outcome.errors } };
  }

  /**
   * A record in a columnar batch: a row of the batch's columns when it carries exactly those
   * names, else in the object form; the first record of a batch sets its columns. So a batch's
   * bytes depend on its own records alone, however the batches before it were cut.
   */
  #prepareColumnar(row: Row, record: ImportRecord): PreparedRow {
    const externalId = record.externalId;
    const own = this.#batcher.size === 0 || this.#columns === undefined;
    const columns = own ? columnsOf(record) : (this.#columns as ImportColumns);
    const json = serialise(rowOf(record, columns) ?? record);
    if (typeof json !== 'string') {
      const message = `the record cannot be serialised: ${json.message}`;
      return { row, rejected: { externalId, errors: [{ field: '', code: 'transform_failed', message }] } };
    }
    let serialised = { json, bytes: Buffer.byteLength(json), columns, own };
    // Too large in the object form among other columns: judged as the first of a batch instead.
    if (!own && this.#batcher.tooLarge(serialised.bytes, this.#envelopeOf(columns).bytes))
      serialised = this.#asFirst(record);
    const { bytes } = serialised;
    if (this.#batcher.tooLarge(bytes, this.#envelopeOf(serialised.columns).bytes)) {
      const message = `the record is ${bytes} bytes, more than core accepts in one request`;
      return { row, rejected: { externalId, errors: [{ field: '', code: 'too_large', message }] } };
    }
    return {
      row,
      record: {
        externalId,
        json: serialised.json,
        bytes,
        columnar: { record, columns: serialised.columns, own: serialised.own },
      },
      overflows: this.#batcher.wouldOverflow(bytes),
    };
  }

  /** The record serialised as the first of a columnar batch: a row of its own columns. */
  #asFirst(record: ImportRecord): { json: string; bytes: number; columns: ImportColumns; own: true } {
    const columns = columnsOf(record);
    // Its own columns fit it, and it serialised once already, so this cannot throw.
    const json = JSON.stringify(rowOf(record, columns) ?? record);
    return { json, bytes: Buffer.byteLength(json), columns, own: true };
  }

  /** The envelope of a columnar batch of `columns` and its size (worked out once per columns). */
  #envelopeOf(columns: ImportColumns): { envelope: Envelope; bytes: number } {
    let known = this.#envelopes.get(columns);
    if (known === undefined) {
      const form = this.#columnar as ColumnarForm;
      const envelope = columnarEnvelope(form.source, form.deferUnresolved, columns);
      known = { envelope, bytes: envelopeBytes(envelope) };
      this.#envelopes.set(columns, known);
    }
    return known;
  }

  /** Adds a prepared row; returns the batch it closed, if any. */
  commit(prepared: PreparedRow): BatchDraft | undefined {
    const { row } = prepared;
    let closed: BatchDraft | undefined;
    if (prepared.record !== undefined) {
      let { json, bytes } = prepared.record;
      const { externalId, columnar } = prepared.record;
      if (this.#batcher.wouldOverflow(bytes)) closed = this.flush();
      if (columnar !== undefined) {
        if (this.#batcher.size === 0) {
          // The first of its batch: a row of its own columns, whatever it was prepared against.
          const first = columnar.own
            ? { json, bytes, columns: columnar.columns }
            : this.#asFirst(columnar.record);
          json = first.json;
          bytes = first.bytes;
          this.#columns = first.columns;
          this.#batcher.begin(this.#envelopeOf(first.columns).envelope);
        } else if (columnar.columns !== this.#columns) {
          throw new Error('a record prepared for another batch was committed to this one');
        }
      }
      this.#batcher.add(json, bytes);
      const draft = this.#draft;
      draft.externalIds.push(externalId);
      draft.rows.push(row);
      draft.positions.push(draft.rowsRead);
    } else if (prepared.skipped) {
      this.#draft.skipped += 1;
    } else if (prepared.rejected !== undefined) {
      this.#reject(row, prepared.rejected.externalId, prepared.rejected.errors);
    }
    this.#draft.rowsRead += 1;
    if (this.#cursorColumn !== undefined) {
      const cursor = row[this.#cursorColumn] ?? null;
      if (cursor === null) this.#draft.nullCursorRows += 1;
      else this.#draft.cursorMax = maxCursor(this.#draft.cursorMax, cursor);
    }
    this.#draft.last = row;
    if (this.#draft.rowsRead >= this.#maxRows) return closed ?? this.flush();
    return closed;
  }

  /** Closes the current batch (undefined when it saw no row). */
  flush(): BatchDraft | undefined {
    const draft = this.#draft;
    if (draft.rowsRead === 0) return undefined;
    this.#draft = emptyDraft();
    const seq = this.#seq;
    this.#seq += 1;
    return {
      seq,
      rowsRead: draft.rowsRead,
      skipped: draft.skipped,
      // The checkpoint's key, from the batch's last row (worked out once a batch, not per row).
      after:
        draft.last === null || this.#key.length === 0
          ? null
          : this.#key.map((column) => (draft.last as Row)[column] ?? null),
      cursorMax: draft.cursorMax,
      nullCursorRows: draft.nullCursorRows,
      rejections: draft.rejections,
      body: this.#batcher.take(),
      externalIds: draft.externalIds,
      rows: draft.rows,
      positions: draft.positions,
    };
  }

  #reject(row: Row, externalId: string | null, errors: Rejection['errors']): void {
    this.#draft.rejections.push({
      position: this.#draft.rowsRead,
      entity: this.#mapped.entity,
      externalId,
      stage: 'transform',
      errors,
      row,
    });
  }
}

/** A row transformed and serialised by `prepare`, not yet in a batch. */
export interface PreparedRow {
  readonly row: Row;
  readonly record?: {
    readonly externalId: string;
    readonly json: string;
    readonly bytes: number;
    /** In a columnar batch: the record, the columns it was serialised against, and whether they are its own. */
    readonly columnar?: {
      readonly record: ImportRecord;
      readonly columns: ImportColumns;
      readonly own: boolean;
    };
  };
  readonly skipped?: true;
  readonly rejected?: { readonly externalId: string | null; readonly errors: Rejection['errors'] };
  /** Adding it closes the current batch first (core's record or byte limit). */
  readonly overflows?: boolean;
}

interface OpenDraft {
  rowsRead: number;
  skipped: number;
  /** The last row read into the batch (its key is the checkpoint's `after`); null before one. */
  last: Row | null;
  cursorMax: SourceValue;
  nullCursorRows: number;
  rejections: Rejection[];
  externalIds: string[];
  rows: Row[];
  positions: number[];
}

function emptyDraft(): OpenDraft {
  return {
    rowsRead: 0,
    skipped: 0,
    last: null,
    cursorMax: null,
    nullCursorRows: 0,
    rejections: [],
    externalIds: [],
    rows: [],
    positions: [],
  };
}

function safeTransform(mapped: MappedEntity, row: Row): ReturnType<MappedEntity['transform']> {
  try {
    return mapped.transform(row);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { errors: [{ field: '', code: 'transform_failed', message }] };
  }
}

/** The record's JSON, or the error that stopped `JSON.stringify` (a stack overflow on deep nesting). */
function serialise(record: unknown): string | Error {
  try {
    return JSON.stringify(record);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

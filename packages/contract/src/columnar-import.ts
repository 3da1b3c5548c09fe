import type { ImportBatchRequest, ImportRecord } from './import-batch.ts';

/**
 * The columnar form of an import's request body, sent with
 * `Content-Type: application/vnd.madeup.import-columnar+json` (`COLUMNAR_IMPORT_MEDIA_TYPE`) to
 * `POST /v1/import/{entity}` by a client whose core lists that media type in
 * `SchemaDocument.importMediaTypes`. The same records as `ImportBatchRequest`, with the field and
 * reference names written once per batch instead of once per record:
 *
 * ```json
 * {"source":"vendor-x","fields":["name","email"],"refs":["manager"],
 *  "rows":[["c-1","Ada","ada@example.com","c-9"],
 *          ["c-2","Bob",null,null],
 *          {"externalId":"c-3","fields":{"name":"Cy"}}]}
 * ```
 *
 * A row is an array `[externalId, ...one value per name of fields, ...one value per name of refs]`:
 * every column is present, so a row sets each field it names (null clears it) and each reference
 * (null clears it). A record that leaves some field out (left as it is on update), carries
 * another set of names, or the same names in another order, is sent as an element in the object
 * form (`ImportRecord`) among the rows:
 * each element is one record, in request order, whichever its form.
 *
 * Outcomes and errors are the object form's: a row's field `fields[i]` is reported as
 * `fields.<name>`, a reference as `refs.<name>`, and an unknown or server-owned name gets the same
 * per-record error for every row that carries it. A row of the wrong length, or an element that is
 * neither an array nor an object, is that record's `invalid_type` error (field `''`), not the
 * batch's. The request is refused (400 `invalid_request`) when `fields` or `refs` names a column
 * twice, or lists more than `MAX_IMPORT_COLUMNS` names.
 *
 * Idempotency: core fingerprints the body's bytes, as for the object form, so a retry must send the
 * same body in the same form; the same records sent once in each form are two different requests
 * (the same `Idempotency-Key` on both is `idempotency_key_reused`).
 */
export interface ColumnarImportRequest {
  /** As `ImportBatchRequest.source`. */
  readonly source: string;
  /** As `ImportBatchRequest.deferUnresolved`. */
  readonly deferUnresolved?: boolean;
  /** The field names, in the order of their values in each row (after the external id). */
  readonly fields: readonly string[];
  /** The reference names, in the order of their values in each row (after the fields). Default none. */
  readonly refs?: readonly string[];
  /** One element per record: a `ColumnarRow`, or an `ImportRecord` in the object form. */
  readonly rows: readonly (ColumnarRow | ImportRecord)[];
}

/** `[externalId, ...field values in `fields` order, ...parent external ids (or null) in `refs` order]`. */
export type ColumnarRow = readonly unknown[];

/** The most names `fields` and `refs` may each list (core answers 400 beyond). */
export const MAX_IMPORT_COLUMNS = 1000;

/** The media type of a `ColumnarImportRequest` body (`Content-Type`). */
export const COLUMNAR_IMPORT_MEDIA_TYPE = 'application/vnd.madeup.import-columnar+json';

/** The column names of a record: its field names and reference names, in its own key order. */
export interface ImportColumns {
  readonly fields: readonly string[];
  readonly refs: readonly string[];
}

/** The columns a record fills (the columns of a batch that starts with it). */
export function columnsOf(record: ImportRecord): ImportColumns {
  return {
    fields: Object.keys(record.fields),
    refs: record.refs === undefined ? [] : Object.keys(record.refs),
  };
}

/**
 * The record as a row of `columns`, or undefined when it does not carry exactly those names in
 * that order (it is then sent in the object form). The order too: core reports a record's errors
 * in the order of its names, and keeps the first 10, so a row of the same names in another order
 * could be answered with other errors than the record.
 */
export function rowOf(record: ImportRecord, columns: ImportColumns): unknown[] | undefined {
  // Any member besides these (which core rejects) keeps the record in the object form.
  for (const key in record) if (key !== 'externalId' && key !== 'fields' && key !== 'refs') return undefined;
  const names = columns.fields;
  const row: unknown[] = new Array(1 + names.length + columns.refs.length);
  row[0] = record.externalId;
  if (!fill(row, 1, record.fields, names)) return undefined;
  if (!fill(row, 1 + names.length, record.refs ?? {}, columns.refs)) return undefined;
  return row;
}

/**
 * Writes the values of `members` for `names` into `row` from `at` on; false when `members` does
 * not carry exactly those names in that order (one more, one fewer, another order, or one holding
 * a value JSON leaves out of an object: undefined, a function or a symbol, which an array would
 * carry as null).
 */
function fill(
  row: unknown[],
  at: number,
  members: Readonly<Record<string, unknown>>,
  names: readonly string[],
): boolean {
  let count = 0;
  for (const name in members) {
    if (name !== names[count]) return false;
    count += 1;
  }
  if (count !== names.length) return false;
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    const value = members[name];
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return false;
    if (!Object.hasOwn(members, name)) return false;
    row[at + i] = value;
  }
  return true;
}

/**
 * The columnar form of an object-form request: the columns of its first record, each record that
 * fills exactly them as a row, any other in the object form.
 */
export function toColumnarImport(request: ImportBatchRequest): ColumnarImportRequest {
  const first = request.records[0];
  const columns = first === undefined ? { fields: [], refs: [] } : columnsOf(first);
  return {
    source: request.source,
    ...(request.deferUnresolved === undefined ? {} : { deferUnresolved: request.deferUnresolved }),
    fields: columns.fields,
    refs: columns.refs,
    rows: request.records.map((record) => rowOf(record, columns) ?? record),
  };
}

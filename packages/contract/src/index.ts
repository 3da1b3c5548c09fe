export { calendarMillis, daysInMonth, isLeapYear } from './calendar.ts';
export { ChecksumAccumulator, checksumOfRecords, combineChecksum, recordChecksum } from './checksum.ts';
export {
  COLUMNAR_IMPORT_MEDIA_TYPE,
  type ColumnarImportRequest,
  type ColumnarRow,
  columnsOf,
  type ImportColumns,
  MAX_IMPORT_COLUMNS,
  rowOf,
  toColumnarImport,
} from './columnar-import.ts';
export {
  COMPACT_IMPORT_MEDIA_TYPE,
  CompactImportMismatchError,
  type CompactImportResponse,
  decodeCompactImport,
  encodeCompactImport,
  externalIdsDigest,
} from './compact-import.ts';
export type { DeleteBatchRequest, DeleteBatchResponse, DeleteOutcome, DeleteResult } from './delete-batch.ts';
export type {
  ImportBatchRequest,
  ImportBatchResponse,
  ImportRecord,
  OutcomeCounts,
  RecordError,
  RecordOutcome,
  RecordResult,
} from './import-batch.ts';
export {
  JSON_PIECE_BYTES,
  type JsonObjectPiece,
  type JsonObjectVisitor,
  jsonTextStart,
  opensJsonObject,
  parseJsonObjectBytes,
} from './json-object-bytes.ts';
export { jsonParseReadsEscapedKeys, runtimeJsonProblem } from './json-runtime.ts';
export { missingCodeMessage } from './missing-code.ts';
export { PROBLEM_CONTENT_TYPE, type Problem } from './problem.ts';
export { PROBLEM_TYPE_BASE, PROBLEMS, type ProblemCode, type ProblemKind } from './problem-codes.ts';
export type {
  EntityStats,
  RecordPage,
  RecordView,
  SourceStats,
  UnresolvedPage,
  UnresolvedReference,
} from './read-back.ts';
export { RECORD_ERROR_CODES, type RecordErrorCode } from './record-error-codes.ts';
export {
  isSourceName,
  MAX_EXTERNAL_ID_LENGTH,
  MAX_SOURCE_NAME_LENGTH,
  SOURCE_NAME_PATTERN,
} from './record-key.ts';
export type {
  EntitySchema,
  FieldSchema,
  FieldType,
  ReferenceSchema,
  SchemaDocument,
} from './schema-document.ts';
export {
  isSecretName,
  replaceSecretParameters,
  SECRET_NAME_PARTS,
  secretForms,
} from './secret-parameters.ts';
export type { CreateTenantRequest, CreateTenantResponse, TenantDialect, TenantList } from './tenants.ts';
export type { CreatedToken, CreateTokenRequest, TokenInfo, TokenList } from './tokens.ts';
export { dropUrlPassword, hideUrlPasswords, urlPassword } from './url-passwords.ts';
export type { WhoAmI } from './whoami.ts';

// The public API of @madeup/onboard for programs that drive it: the demo, the benchmarks, examples.
export type {
  CheckResult,
  ColumnInfo,
  Connector,
  CustomQuery,
  Partition,
  ReadOptions,
  SourceOptions,
  StreamInfo,
} from './connectors/connector.ts';
export { openConnector } from './connectors/registry.ts';
export type { Row, SourceValue, ValueType } from './connectors/value.ts';
// The client side of core's import API as `onboard run` drives it (body encoding, Idempotency-Key,
// compact answer), for bench/core-import.ts to measure the API as onboard uses it.
export { CoreClient } from './loader/core-client.ts';
export { Loader } from './loader/loader.ts';
export { columnarEnvelope, RecordBatcher } from './loader/record-batcher.ts';
export * from './mapping/index.ts';
// The duplicate pre-pass of a run with `merge` rules, measured alone by bench/merge-plan.ts.
export { planMerges } from './pipeline/find-duplicates.ts';

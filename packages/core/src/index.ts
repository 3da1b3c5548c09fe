export { type CoreConfig, type CoreOptions, resolveConfig } from './config.ts';
/** How core scans a JSON body for repeated and poisoning keys (for bench/core-body-parse.ts). */
export { findDuplicateJsonKey } from './http/duplicate-json-key.ts';
export { JsonBodyScan } from './http/json-body-scan.ts';
// The content hash core stores with every record, for bench/core-import.ts's bare upsert to do the same work.
export { contentHash } from './import/content-hash.ts';
export { MODEL, type Model } from './model/model.ts';
export { schemaDocument } from './model/schema-document.ts';
export { type RunningCore, type StartOptions, startCore } from './start-core.ts';

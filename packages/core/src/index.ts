export { type CoreConfig, type CoreOptions, resolveConfig } from './config.ts';
export { MODEL, type Model } from './model/model.ts';
export { schemaDocument } from './model/schema-document.ts';
export { type RunningCore, type StartOptions, startCore } from './start-core.ts';

export { checkMapping, formatProblem } from './check-mapping.ts';
export { analyseMapping, type CompileOptions, compileMapping } from './compile-mapping.ts';
export type { CompiledEntity, CompiledMapping, MappedReference, TransformResult } from './compiled-entity.ts';
export {
  type DraftedEntity,
  type DraftNote,
  draftMapping,
  type MappingDraft,
} from './draft/draft-mapping.ts';
export { sampleRows } from './draft/sample-rows.ts';
export { writeDraft } from './draft/write-draft.ts';
export type { HookModule, RowHook } from './hook-module.ts';
export { type LoadedMapping, loadHooks, loadMapping, MappingLoadError } from './load-mapping.ts';
export type { EntityMapping, Expression, MappingDocument, QuerySpec } from './mapping-document.ts';
export { mappingJsonSchema } from './mapping-json-schema.ts';
export {
  formatPath,
  MappingInvalidError,
  type MappingPath,
  type MappingProblem,
  type MappingProblemCode,
} from './mapping-problem.ts';
export { mappingQueries, type PlacedQuery } from './mapping-queries.ts';
export { type LocatedProblem, parseMappingText } from './mapping-text.ts';
export { nameSimilarity } from './match/name-similarity.ts';
export { foldName, matchName } from './name-match.ts';
export { ValueError } from './value-error.ts';

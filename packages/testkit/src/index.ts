export { availabilityOf, IN_CI, unreachableMessage } from './availability.ts';
export { CHINOOK_DIR, CHINOOK_TABLES, chinookSnakeCase, loadChinook } from './chinook.ts';
export {
  DIALECTS,
  type DialectTarget,
  describeEachDialect,
  describeWithServer,
  SELECTED_DIALECTS,
  useTestDatabase,
} from './dialects.ts';
export { fuzzOptions, fuzzTimeout } from './fuzz-runs.ts';
export {
  type HostileText,
  type HostileUrl,
  hostileText,
  needsKnownSecret,
  type PasswordSpelling,
  passwordForms,
  redactionProblems,
} from './hostile-url-texts.ts';
export {
  lateKeyObjectText,
  type MemberPlace,
  type Mutation,
  mutate,
  mutation,
  type ObjectText,
  objectText,
  writeObject,
} from './json-text-arbitraries.ts';
export { HEAVY_PACKAGES, heavyPackagesIn, type LoadedModules, loadedModules } from './loaded-modules.ts';
export { missingPackageHook } from './missing-package-hook.ts';
export {
  freePort,
  type PrivateServer,
  type PrivateServerOptions,
  type StopMode,
  startPrivateMariadb,
  startPrivatePostgres,
  usePrivateServer,
} from './private-server.ts';
export { type ProbeResult, probeServer } from './probe.ts';
export { type RedisPrefix, useRedisPrefix } from './redis-prefix.ts';
export { sameJson } from './same-json.ts';
export { SECRET_PARAMETER_NAMES, secretNameSpellings } from './secret-parameter-names.ts';
export { selectDialects } from './select-dialects.ts';
export { MYSQL, POSTGRES, REDIS, redactUrl, SERVERS, type ServerSpec } from './servers.ts';
export {
  createTestDatabase,
  type DialectName,
  mysqlAdmin,
  postgresAdmin,
  type TestDatabase,
} from './test-database.ts';
export { uniqueName } from './unique-name.ts';

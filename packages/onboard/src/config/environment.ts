import { ConfigError } from '../errors/onboard-error.ts';
import { registerSecret } from './redact-url.ts';

/** One environment variable onboard reads: declared here, and only here. */
export interface EnvVariable {
  /** The variable's name. */
  readonly name: string;
  /** What it sets (docs/running.md lists the same). */
  readonly description: string;
  /** A secret: its value is hidden by the redaction rule wherever it would be printed. */
  readonly secret?: boolean;
  /** Older names still read, with a warning, when the variable itself is not set. */
  readonly deprecated?: readonly string[];
}

/**
 * Every environment variable onboard reads. Flags win over variables; variables over defaults.
 * `PGUSER`/`PGPASSWORD` and `MYSQL_USER`/`MYSQL_PWD` are the drivers' own, read as fallbacks.
 */
export const ENV = {
  token: {
    name: 'ONBOARD_TOKEN',
    description: "the tenant's API token for core (every command that talks to core)",
    secret: true,
    deprecated: ['ONBOARD_CORE_TOKEN'],
  },
  coreUrl: { name: 'ONBOARD_CORE_URL', description: "core's base URL (default of --core)" },
  consoleToken: {
    name: 'ONBOARD_CONSOLE_TOKEN',
    description:
      '`onboard console`: the token its pages and API require (default of --token; else a random one)',
    secret: true,
  },
  store: {
    name: 'ONBOARD_STORE',
    description: 'the run store, a SQLite path or postgres:// URL (default of --store)',
  },
  redisUrl: {
    name: 'ONBOARD_REDIS_URL',
    description: 'Redis of the BullMQ task queues (default of --redis)',
  },
  queuePrefix: {
    name: 'ONBOARD_QUEUE_PREFIX',
    description: 'key prefix of the task queues (default of --queue-prefix)',
  },
  secretKey: {
    name: 'ONBOARD_SECRET_KEY',
    description: 'key (at least 16 characters) sealing the token and source password in BullMQ jobs',
    secret: true,
  },
  sourceUser: { name: 'ONBOARD_SOURCE_USER', description: 'the source user, when the source URL names none' },
  sourcePassword: {
    name: 'ONBOARD_SOURCE_PASSWORD',
    description: 'the source password, when the source URL has none',
    secret: true,
  },
  coreAttempts: {
    name: 'ONBOARD_CORE_ATTEMPTS',
    description:
      'at most this many attempts of a request to core, at least 1, within the --retry-for budget (default: as many as the budget allows)',
  },
  runLeaseMs: {
    name: 'ONBOARD_RUN_LEASE_MS',
    description: "length of a run's lock lease in ms, at least 100 (default 30000)",
  },
  retryFor: {
    name: 'ONBOARD_RETRY_FOR',
    description:
      'how long a request to core is retried while core is down or busy, e.g. 90s, 10m (default of --retry-for: 5m)',
  },
  debug: {
    name: 'ONBOARD_DEBUG',
    description: '1/true/yes: print the stack of an internal error (as --debug)',
  },
  pgUser: { name: 'PGUSER', description: 'PostgreSQL source user, after ONBOARD_SOURCE_USER' },
  pgPassword: {
    name: 'PGPASSWORD',
    description: 'PostgreSQL source password, after ONBOARD_SOURCE_PASSWORD',
    secret: true,
  },
  mysqlUser: { name: 'MYSQL_USER', description: 'MySQL/MariaDB source user, after ONBOARD_SOURCE_USER' },
  mysqlPassword: {
    name: 'MYSQL_PWD',
    description: 'MySQL/MariaDB source password, after ONBOARD_SOURCE_PASSWORD',
    secret: true,
  },
} as const satisfies Record<string, EnvVariable>;

export type EnvKey = keyof typeof ENV;

const warned = new Set<string>();

function warnDeprecated(message: string): void {
  process.stderr.write(`onboard: warning: ${message}\n`);
}

/**
 * The value of a declared variable (an empty value counts as unset), from its name or, with a
 * one-time warning, from a deprecated name. A secret's value is registered with the redaction rule.
 */
export function readEnv(key: EnvKey): string | undefined {
  const variable: EnvVariable = ENV[key];
  let value = nonEmpty(process.env[variable.name]);
  if (value === undefined) {
    for (const old of variable.deprecated ?? []) {
      value = nonEmpty(process.env[old]);
      if (value === undefined) continue;
      if (!warned.has(old)) {
        warned.add(old);
        warnDeprecated(`${old} is deprecated and will be removed; set ${variable.name} instead`);
      }
      break;
    }
  }
  if (variable.secret) registerSecret(value);
  return value;
}

/** A whole-number variable of at least `min`, or undefined when unset; a clear config error otherwise. */
export function readEnvInt(key: EnvKey, min: number): number | undefined {
  const text = readEnv(key);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min)
    throw new ConfigError(`${ENV[key].name} must be a whole number of at least ${min}, got "${text}"`);
  return value;
}

/** A yes/no variable: 1/true/yes or 0/false/no (any case); undefined when unset. */
export function readEnvFlag(key: EnvKey): boolean | undefined {
  const text = readEnv(key);
  if (text === undefined) return undefined;
  if (/^(1|true|yes)$/i.test(text)) return true;
  if (/^(0|false|no)$/i.test(text)) return false;
  throw new ConfigError(`${ENV[key].name} must be 1, true, yes, 0, false or no, got "${text}"`);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** A network server that tests may need, with the URL it is reached at. */
export interface ServerSpec {
  /** Stable key, used in `provide`/`inject` and in messages. */
  readonly key: 'postgres' | 'mysql' | 'redis';
  /** The name a human knows the server by, used in every failure message. */
  readonly label: string;
  /** The environment variable that overrides the URL. */
  readonly envVar: string;
  /** The URL without a database name: `postgres://postgres@127.0.0.1:5432`. */
  readonly url: string;
}

function fromEnv(envVar: string, fallback: string): string {
  const value = process.env[envVar];
  return value !== undefined && value !== '' ? value.replace(/\/+$/, '') : fallback;
}

export const POSTGRES: ServerSpec = {
  key: 'postgres',
  label: 'PostgreSQL',
  envVar: 'MADEUP_TEST_POSTGRES_URL',
  url: fromEnv('MADEUP_TEST_POSTGRES_URL', 'postgres://postgres@127.0.0.1:5432'),
};

export const MYSQL: ServerSpec = {
  key: 'mysql',
  label: 'MariaDB/MySQL',
  envVar: 'MADEUP_TEST_MYSQL_URL',
  url: fromEnv('MADEUP_TEST_MYSQL_URL', 'mysql://root@127.0.0.1:3306'),
};

export const REDIS: ServerSpec = {
  key: 'redis',
  label: 'Redis',
  envVar: 'MADEUP_TEST_REDIS_URL',
  url: fromEnv('MADEUP_TEST_REDIS_URL', 'redis://127.0.0.1:6379'),
};

export const SERVERS: readonly ServerSpec[] = [POSTGRES, MYSQL, REDIS];

/** Removes the password from a URL so it can be printed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '<unparseable url>';
  }
}

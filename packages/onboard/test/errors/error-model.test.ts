import { connect } from 'node:net';
import { describeWithServer, MYSQL, POSTGRES } from '@madeup/testkit';
import Database from 'better-sqlite3';
import { Command } from 'commander';
import { createConnection } from 'mysql2/promise';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  ConnectorError,
  SourceConfigError,
  UnsupportedTypeError,
} from '../../src/connectors/connector-error.ts';
import { EXIT_CODES, exitCodeOf } from '../../src/errors/exit-codes.ts';
import { kindOf } from '../../src/errors/kind-of.ts';
import { ConfigError, OnboardError, UsageError } from '../../src/errors/onboard-error.ts';
import { CoreRequestError, CoreUnavailableError } from '../../src/loader/core-errors.ts';
import { MappingLoadError } from '../../src/mapping/load-mapping.ts';
import { PipelineError } from '../../src/pipeline/pipeline-errors.ts';
import { runProgram } from '../support/run-cli.ts';

/** What a function throws, for the tests to classify. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

async function rejected(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

const overflow = (): number => 1 + overflow();

/** A program with one command that throws `error`, so `main` can be seen printing it. */
function throwing(make: () => unknown): Command {
  const program = new Command('onboard').option('--debug').exitOverride();
  program.command('boom').action(() => {
    throw make();
  });
  return program;
}

describe('the error kinds of real failures', () => {
  it('calls a stack overflow and a TypeError internal, never a user error', () => {
    const stack = thrown(overflow);
    expect(stack).toBeInstanceOf(RangeError);
    expect(kindOf(stack)).toBe('internal');
    expect(kindOf(thrown(() => (undefined as unknown as { x: number }).x))).toBe('internal');
    expect(kindOf('a string')).toBe('internal');
  });

  it('gives each onboard error its own kind', () => {
    expect(kindOf(new UsageError('x'))).toBe('usage');
    expect(kindOf(new ConfigError('x'))).toBe('config');
    expect(kindOf(new ConnectorError('x'))).toBe('source');
    expect(kindOf(new SourceConfigError('x'))).toBe('config');
    expect(kindOf(new UnsupportedTypeError('t', 'c', 'point', 'c::text'))).toBe('config');
    expect(kindOf(new CoreRequestError('x', 400))).toBe('core-rejected');
    expect(kindOf(new CoreUnavailableError('x', 3))).toBe('transient');
    expect(kindOf(new MappingLoadError('x'))).toBe('config');
    expect(kindOf(new PipelineError('x', 'usage'))).toBe('usage');
  });

  it('calls a refused connection transient', async () => {
    const error = await new Promise((resolve) => {
      const socket = connect(1, '127.0.0.1');
      socket.on('error', resolve);
    });
    expect((error as { code: string }).code).toBe('ECONNREFUSED');
    expect(kindOf(error)).toBe('transient');
  });

  it('calls a SQLite statement error a source error', () => {
    const db = new Database(':memory:');
    const error = thrown(() => db.prepare('SELECT * FROM missing_table').all());
    db.close();
    expect(kindOf(error)).toBe('source');
  });

  it('maps every kind to its exit code', () => {
    expect(exitCodeOf('usage')).toBe(2);
    expect(exitCodeOf('config')).toBe(3);
    expect(exitCodeOf('source')).toBe(3);
    expect(exitCodeOf('core-rejected')).toBe(4);
    expect(exitCodeOf('transient')).toBe(4);
    expect(exitCodeOf('internal')).toBe(1);
    expect(EXIT_CODES.incomplete).toBe(5);
  });
});

describeWithServer('the error kinds of PostgreSQL failures', POSTGRES, () => {
  it('calls a PostgreSQL statement error a source error and a terminated connection transient', async () => {
    const client = new pg.Client({ connectionString: `${POSTGRES.url}/postgres` });
    await client.connect();
    client.on('error', () => {});
    try {
      expect(kindOf(await rejected(client.query('SELECT * FROM no_such_table_here')))).toBe('source');
      const error = await rejected(client.query('SELECT pg_terminate_backend(pg_backend_pid())'));
      expect(kindOf(error)).toBe('transient');
    } finally {
      await client.end().catch(() => {});
    }
  });
});

describeWithServer('the error kinds of MariaDB failures', MYSQL, () => {
  it('calls a MariaDB statement error a source error and a killed connection transient', async () => {
    const connection = await createConnection(`${MYSQL.url}/mysql`);
    const lost = new Promise<unknown>((resolve) => connection.on('error', resolve));
    try {
      expect(kindOf(await rejected(connection.query('SELECT * FROM no_such_table_here')))).toBe('source');
      const [rows] = await connection.query('SELECT CONNECTION_ID() AS id');
      const killer = await createConnection(`${MYSQL.url}/mysql`);
      await killer.query(`KILL ${(rows as { id: number }[])[0]?.id}`);
      await killer.end();
      // The server closing the connection, then any use of the closed connection.
      expect(kindOf(await lost)).toBe('transient');
      expect(kindOf(await rejected(connection.query('SELECT 1')))).toBe('transient');
    } finally {
      connection.destroy();
    }
  });
});

describe('what the CLI prints for each kind', () => {
  it('prints a stack overflow as an internal error with a hint, and its stack under --debug', async () => {
    const plain = await runProgram(
      throwing(() => thrown(overflow)),
      'boom',
    );
    expect(plain.code).toBe(EXIT_CODES.internal);
    expect(plain.err).toMatch(
      /^onboard: internal error \(a defect of onboard.*\): RangeError: Maximum call stack/,
    );
    expect(plain.err).toContain('run again with --debug');
    expect(plain.err).not.toMatch(/\n\s+at /);

    const debug = await runProgram(
      throwing(() => thrown(overflow)),
      'boom',
      '--debug',
    );
    expect(debug.code).toBe(EXIT_CODES.internal);
    expect(debug.err).toMatch(/\n\s+at overflow/);
  });

  it('prints the stack of the cause of a wrapped defect under --debug', async () => {
    const wrapped = () =>
      new OnboardError('internal', "cannot read core's schema", { cause: thrown(() => JSON.parse('{')) });
    const debug = await runProgram(throwing(wrapped), 'boom', '--debug');
    expect(debug.code).toBe(1);
    expect(debug.err).toMatch(/\ncaused by: SyntaxError: .*JSON/);
  });

  it('prints a TypeError as an internal error, redacted', async () => {
    const result = await runProgram(
      throwing(() => new TypeError('cannot use postgres://reader:hunter22@db/vendor')),
      'boom',
    );
    expect(result.code).toBe(1);
    expect(result.err).toContain('internal error');
    expect(result.err).toContain('postgres://reader:***@db/vendor');
    expect(result.err).not.toContain('hunter22');
  });

  it('prints an error of a known kind as one line and exits with its code', async () => {
    for (const [kind, code] of [
      ['usage', 2],
      ['config', 3],
      ['source', 3],
      ['core-rejected', 4],
      ['transient', 4],
    ] as const) {
      const result = await runProgram(
        throwing(() => new OnboardError(kind, `a ${kind} problem`)),
        'boom',
      );
      expect(result).toEqual({ code, out: '', err: `onboard: a ${kind} problem\n` });
    }
  });
});

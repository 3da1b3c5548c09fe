import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { availabilityOf, IN_CI, SELECTED_DIALECTS } from '@madeup/testkit';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import type { RunSummary } from '../../src/pipeline/run-summary.ts';
import type { FaultProxy } from '../pipeline/fault-proxy.ts';
import { runImport } from '../pipeline/pipeline-support.ts';
import { type CoreReader, coreRecords, pendingReferences } from './core-records.ts';
import type { StoredValues } from './expected-record.ts';
import type { RunKind } from './predict-run.ts';
import { type CursorColumn, cursorColumn, type ShopDialect, ZONE_OFFSETS } from './shop-cursor.ts';
import type { ShopEntity } from './shop-rows.ts';
import { SHOP_SOURCE_NAME, ShopSource, writeShopMapping } from './shop-source.ts';

/**
 * How the runs of one case are cut up (many small partitions and batches, or one of each), the
 * source's technology and cursor column, and the zone its naive timestamps are read in.
 */
export interface RunShape {
  readonly cursor: CursorColumn;
  /** `--timezone`: a key of `ZONE_OFFSETS`. */
  readonly timezone: string;
  readonly partitionRows: number;
  readonly batchRecords?: number;
  readonly concurrency: number;
}

/**
 * The source technologies a case may draw: those `DIALECTS=` selects whose server answers (in CI,
 * an unreachable one is kept, and creating its database fails naming it); SQLite when none is left.
 */
const SOURCE_DIALECTS: readonly ShopDialect[] = (() => {
  const names = SELECTED_DIALECTS.filter(
    (target) => target.server === undefined || IN_CI || availabilityOf(target.server).ok,
  ).map((target) => target.name);
  return names.length > 0 ? names : ['sqlite'];
})();

/** Every way of cutting a case's runs, with a source of one of `dialects` and its cursor column. */
export const runShapes = (dialects: readonly ShopDialect[] = SOURCE_DIALECTS): fc.Arbitrary<RunShape> =>
  fc
    .record({
      cursor: cursorColumn(dialects),
      timezone: fc.constantFrom(...Object.keys(ZONE_OFFSETS)),
      partitionRows: fc.constantFrom(2, 5, 50_000),
      batchRecords: fc.option(fc.constantFrom(1, 3), { nil: undefined }),
      concurrency: fc.constantFrom(1, 3),
    })
    .map(({ batchRecords, ...rest }) => (batchRecords === undefined ? rest : { ...rest, batchRecords }));

/** The run's `--timezone` offset in minutes east of UTC. */
export function zoneOffset(shape: RunShape): number {
  const offset = ZONE_OFFSETS[shape.timezone];
  if (offset === undefined) throw new Error(`no offset known for --timezone ${shape.timezone}`);
  return offset;
}

/** The fields and references the mapping fills, which the property compares. */
const MAPPED: Record<ShopEntity, { readonly fields: readonly string[]; readonly refs: readonly string[] }> = {
  customers: { fields: ['firstName', 'lastName', 'email', 'phone'], refs: [] },
  invoices: { fields: ['issuedAt', 'total', 'status'], refs: ['customer'] },
};

/**
 * The real side of one case: the shop's database, its mapping, a run store, and one tenant of a
 * running core, all used by `onboard run` in this process (or, to be killed, in a child).
 */
export class ShopWorld {
  readonly source: ShopSource;
  readonly core: CoreReader;
  readonly shape: RunShape;
  /** The proxy in front of core that `core.coreUrl` names, when the world's runs may be killed. */
  readonly proxy: FaultProxy | undefined;
  readonly #mapping: string;
  readonly #store: string;

  private constructor(
    dir: string,
    source: ShopSource,
    core: CoreReader,
    shape: RunShape,
    proxy?: FaultProxy,
  ) {
    this.core = core;
    this.shape = shape;
    this.proxy = proxy;
    this.source = source;
    this.#mapping = join(dir, 'shop.yaml');
    this.#store = join(dir, 'runs.sqlite');
    writeShopMapping(this.#mapping);
  }

  /** Creates the shop's database (in `dir` for SQLite) and writes the mapping into `dir`. */
  static async create(
    dir: string,
    core: CoreReader,
    shape: RunShape,
    proxy?: FaultProxy,
  ): Promise<ShopWorld> {
    const source = await ShopSource.create(dir, shape.cursor, zoneOffset(shape));
    return new ShopWorld(dir, source, core, shape, proxy);
  }

  /** One `onboard run` of the given kind. */
  run(kind: RunKind): Promise<RunSummary> {
    return runImport({
      mappingPath: this.#mapping,
      sourceUrl: this.source.url,
      timezone: this.shape.timezone,
      coreUrl: this.core.coreUrl,
      token: this.core.token,
      storeUrl: this.#store,
      dryRun: kind === 'dry-run',
      incremental: kind === 'incremental',
      mirror: kind === 'mirror',
      concurrency: this.shape.concurrency,
      partitionRows: this.shape.partitionRows,
      ...(this.shape.batchRecords === undefined ? {} : { batchRecords: this.shape.batchRecords }),
    });
  }

  /**
   * The arguments of `onboard run` for a run of `kind` as `run` makes it, for a child process
   * (`--json`; the token goes in `ONBOARD_TOKEN`).
   */
  runArgs(kind: RunKind): string[] {
    const mode = { full: [], incremental: ['--incremental'], mirror: ['--mirror'], 'dry-run': ['--dry-run'] }[
      kind
    ];
    const batch =
      this.shape.batchRecords === undefined ? [] : ['--batch-records', String(this.shape.batchRecords)];
    return [
      'run',
      ...['--mapping', this.#mapping, '--source', this.source.url, '--core', this.core.coreUrl],
      ...['--timezone', this.shape.timezone],
      ...['--store', this.#store, '--concurrency', String(this.shape.concurrency)],
      ...['--partition-rows', String(this.shape.partitionRows), ...batch, '--json', ...mode],
    ];
  }

  /** The arguments of `onboard resume RUN` against this world's run store (`--json`). */
  resumeArgs(runId: string): string[] {
    return ['resume', runId, '--store', this.#store, '--json'];
  }

  /** Each run in the run store (the table docs/running.md names) and its status; none before the store exists. */
  storedRuns(): Map<string, string> {
    if (!existsSync(this.#store)) return new Map();
    const db = new Database(this.#store, { readonly: true });
    try {
      const rows = db.prepare('SELECT id, status FROM onboard_runs').all() as {
        id: string;
        status: string;
      }[];
      return new Map(rows.map((row) => [row.id, row.status]));
    } finally {
      db.close();
    }
  }

  /** What core holds for the entity, soft-deleted records too: the mapped fields and references. */
  records(entity: ShopEntity): Promise<Map<string, StoredValues>> {
    return coreRecords(this.core, entity, SHOP_SOURCE_NAME, MAPPED[entity]);
  }

  pending(): Promise<number> {
    return pendingReferences(this.core, SHOP_SOURCE_NAME);
  }

  /** Closes the source and drops its database. */
  close(): Promise<void> {
    return this.source.close();
  }
}

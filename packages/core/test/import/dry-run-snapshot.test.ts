import type { TenantDialect } from '@madeup/contract';
import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { expect, it } from 'vitest';
import { importBatch } from '../../src/import/import-batch.ts';
import { MODEL } from '../../src/model/model.ts';
import { STORAGE_DIALECTS, sqlitePath } from '../../src/storage/dialects.ts';
import { migrateTenant } from '../../src/tenancy/tenant-schema.ts';

/** Runs `between` once, after the first read run through it (no `numAffectedRows`: not `BEGIN`) has its result. */
class AfterFirstRead implements KyselyPlugin {
  #done = false;
  readonly #between: () => Promise<void>;
  constructor(between: () => Promise<void>) {
    this.#between = between;
  }
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (!this.#done && args.result.numAffectedRows === undefined) {
      this.#done = true;
      await this.#between();
    }
    return args.result;
  }
}

// Found by the concurrent-rounds property (seed 4242, MariaDB, case 44 of 800): a dry run of an
// invoice answered `created` (its customer found) while no serial order gives that: it read the
// stored invoices, then an import created the invoice and another its customer, then it read the
// customers. Its reads now share one snapshot. SQLite (seed 4242, case 816 of 1000) likewise: each
// read took the pool's one connection anew, and another request's write transaction ran between.
describeEachDialect(
  'a dry run racing imports',
  (target) => {
    const database = useTestDatabase(target, 'dryrun');

    it('classifies against one snapshot: stored records and their parents as of one moment', async () => {
      const dialect = target.name as TenantDialect;
      const storage = STORAGE_DIALECTS[dialect];
      const url = dialect === 'sqlite' ? sqlitePath(database().url) : database().url;
      const db = storage.open(url, { max: 2, idleMs: 1000 });
      const other = storage.open(url, { max: 1, idleMs: 1000 });
      const write = (entity: 'customers' | 'invoices', records: unknown[]) =>
        importBatch({
          db: other,
          dialect: storage,
          model: MODEL,
          entity: MODEL.get(entity) as NonNullable<ReturnType<typeof MODEL.get>>,
          source: 's',
          records,
          deferUnresolved: true,
          dryRun: false,
        });
      const invoice = {
        externalId: 'i2',
        fields: { issuedAt: '2024-01-01T00:00:00Z', total: '1.00' },
        refs: { customer: 'c1' },
      };
      try {
        await migrateTenant(db, storage, MODEL);
        // Between the dry run's read of invoices and its read of customers: the invoice, then its customer.
        const between = async () => {
          await write('invoices', [invoice]);
          await write('customers', [
            { externalId: 'c1', fields: { firstName: 'F', lastName: 'L', email: 'c1@example.com' } },
          ]);
        };
        const watched = db.withPlugin(new AfterFirstRead(between));
        const dry = await importBatch({
          db: watched,
          dialect: storage,
          model: MODEL,
          entity: MODEL.get('invoices') as NonNullable<ReturnType<typeof MODEL.get>>,
          source: 's',
          records: [invoice],
          deferUnresolved: false,
          dryRun: true,
        });
        // Before both imports: no customer, so rejected. (After both it would be `unchanged`.)
        expect(dry.results.map((r) => r.errors?.[0]?.code ?? r.outcome)).toEqual(['unresolved_reference']);
      } finally {
        await db.destroy();
        await other.destroy();
      }
    });
  },
  ['postgres', 'mysql', 'sqlite'],
);

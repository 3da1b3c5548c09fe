import { join } from 'node:path';
import type { RunSummary } from '../../src/pipeline/run-summary.ts';
import { runImport } from '../pipeline/pipeline-support.ts';
import { type CoreReader, coreRecords, pendingReferences } from './core-records.ts';
import type { StoredValues } from './expected-record.ts';
import type { RunKind } from './predict-run.ts';
import type { CursorSpelling, ShopEntity } from './shop-rows.ts';
import { SHOP_SOURCE_NAME, ShopSource, writeShopMapping } from './shop-source.ts';

/** How the runs of one case are cut up (many small partitions and batches, or one of each), and how its source spells cursors. */
export interface RunShape {
  readonly spelling: CursorSpelling;
  readonly partitionRows: number;
  readonly batchRecords?: number;
  readonly concurrency: number;
}

/** The fields and references the mapping fills, which the property compares. */
const MAPPED: Record<ShopEntity, { readonly fields: readonly string[]; readonly refs: readonly string[] }> = {
  customers: { fields: ['firstName', 'lastName', 'email', 'phone'], refs: [] },
  invoices: { fields: ['issuedAt', 'total', 'status'], refs: ['customer'] },
};

/**
 * The real side of one case: the shop's SQLite file, its mapping, a run store, and one tenant of
 * a running core, all used by `onboard run` in this process.
 */
export class ShopWorld {
  readonly source: ShopSource;
  readonly core: CoreReader;
  readonly shape: RunShape;
  readonly #mapping: string;
  readonly #store: string;

  constructor(dir: string, core: CoreReader, shape: RunShape) {
    this.core = core;
    this.shape = shape;
    this.source = new ShopSource(join(dir, 'shop.sqlite'), shape.spelling);
    this.#mapping = join(dir, 'shop.yaml');
    this.#store = join(dir, 'runs.sqlite');
    writeShopMapping(this.#mapping);
  }

  /** One `onboard run` of the given kind. */
  run(kind: RunKind): Promise<RunSummary> {
    return runImport({
      mappingPath: this.#mapping,
      sourceUrl: `sqlite:${this.source.file}`,
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

  /** What core holds for the entity, soft-deleted records too: the mapped fields and references. */
  records(entity: ShopEntity): Promise<Map<string, StoredValues>> {
    return coreRecords(this.core, entity, SHOP_SOURCE_NAME, MAPPED[entity]);
  }

  pending(): Promise<number> {
    return pendingReferences(this.core, SHOP_SOURCE_NAME);
  }

  close(): void {
    this.source.close();
  }
}

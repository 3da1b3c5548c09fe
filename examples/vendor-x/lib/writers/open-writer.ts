import { parseTarget } from './target-url.ts';
import type { VendorWriter } from './vendor-writer.ts';

/** Opens the writer for a target URL, loading only that technology's driver. */
export async function openVendorWriter(url: string): Promise<VendorWriter> {
  const target = parseTarget(url);
  switch (target.kind) {
    case 'sqlite': {
      const { SqliteWriter } = await import('./sqlite-writer.ts');
      return SqliteWriter.open(target.path);
    }
    case 'postgres': {
      const { PostgresWriter } = await import('./postgres-writer.ts');
      return PostgresWriter.open(target.url);
    }
    case 'mysql': {
      const { MysqlWriter } = await import('./mysql-writer.ts');
      return MysqlWriter.open(target.url);
    }
  }
}

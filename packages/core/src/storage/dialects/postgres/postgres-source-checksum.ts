import { sql } from 'kysely';
import type { Queryable } from '../../dynamic-database.ts';
import type { SourceChecksum } from '../../storage-dialect.ts';

/** PostgreSQL's default `max_parallel_workers_per_gather`. */
const PARALLEL_WORKERS = 2;

/**
 * `StorageDialect.sourceChecksum` for PostgreSQL: `recordChecksum` (the first 8 bytes of
 * sha256(externalId + "\n" + contentHash), packages/contract/src/checksum.ts) summed by the server
 * in one aggregate, instead of every row shipped to core and hashed there. The bytes are read as a
 * signed bigint and summed as numeric (no overflow); the sum modulo 2^64 is the same either way.
 */
export async function postgresSourceChecksum(
  db: Queryable,
  table: string,
  source: string,
): Promise<SourceChecksum> {
  // Tenant sessions plan without parallel workers (`openPostgres`); this one statement reads and
  // hashes every row of the source, where the server's default two workers shorten the wait.
  if (!db.isTransaction)
    return db.transaction().execute(async (trx) => {
      await sql`SET LOCAL max_parallel_workers_per_gather = ${sql.lit(PARALLEL_WORKERS)}`.execute(trx);
      return postgresSourceChecksum(trx, table, source);
    });
  const { rows } = await sql<{ n: string; s: string }>`
    SELECT count(*)::text AS n,
      coalesce(sum(('x' || encode(substr(sha256(convert_to(external_id || E'\n' || content_hash, 'UTF8')), 1, 8), 'hex'))::bit(64)::bigint), 0)::text AS s
    FROM ${sql.table(table)} WHERE source = ${source} AND row_deleted_at IS NULL`.execute(db);
  const row = rows[0];
  return { count: Number(row?.n ?? 0), sum: BigInt.asUintN(64, BigInt(row?.s ?? 0)) };
}

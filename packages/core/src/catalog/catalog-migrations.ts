import type { Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';
import type { StorageDialect } from '../storage/storage-dialect.ts';

/** The versioned migrations of the catalog database (tenants, tokens, audit, idempotency keys). */
export function catalogMigrations(dialect: StorageDialect): MigrationProvider {
  const text = (length: number) => dialect.columnType({ kind: 'varchar', length });
  const migrations: Record<string, Migration> = {
    '0001_catalog': {
      async up(db: Kysely<never>) {
        await db.schema
          .createTable('tenants')
          .addColumn('id', text(63), (c) => c.primaryKey())
          .addColumn('dialect', text(16), (c) => c.notNull())
          .addColumn('database_name', text(120), (c) => c.notNull())
          .addColumn('created_at', text(32), (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('tokens')
          .addColumn('token_hash', text(64), (c) => c.primaryKey())
          .addColumn('tenant_id', text(63))
          .addColumn('created_at', text(32), (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('import_audit')
          .addColumn('id', dialect.columnType({ kind: 'id' }), (c) => c.primaryKey().notNull())
          .addColumn('tenant_id', text(63), (c) => c.notNull())
          .addColumn('entity', text(63), (c) => c.notNull())
          .addColumn('source', text(100), (c) => c.notNull())
          .addColumn('dry_run', dialect.columnType({ kind: 'boolean' }), (c) => c.notNull())
          .addColumn('created', 'integer', (c) => c.notNull())
          .addColumn('updated', 'integer', (c) => c.notNull())
          .addColumn('unchanged', 'integer', (c) => c.notNull())
          .addColumn('rejected', 'integer', (c) => c.notNull())
          .addColumn('at', text(32), (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('idempotency_keys')
          .addColumn('tenant_id', text(63), (c) => c.notNull())
          .addColumn('idem_key', text(200), (c) => c.notNull())
          .addColumn('request_hash', text(64), (c) => c.notNull())
          .addColumn('response', dialect.columnType({ kind: 'text' }), (c) => c.notNull())
          .addColumn('created_at', text(32), (c) => c.notNull())
          .addPrimaryKeyConstraint('idempotency_keys_pk', ['tenant_id', 'idem_key'])
          .execute();
      },
    },
    '0002_idempotency_claims': {
      async up(db: Kysely<never>) {
        // A key is claimed ('running') before its request runs, and 'done' once its response is stored.
        await db.schema
          .alterTable('idempotency_keys')
          .addColumn('state', text(16), (c) => c.notNull().defaultTo('done'))
          .execute();
        await db.schema
          .createIndex('idempotency_keys_created_idx')
          .on('idempotency_keys')
          .column('created_at')
          .execute();
      },
    },
    // Idempotency keys `k`, `k ` and `K` are three keys on every dialect (a MySQL/MariaDB catalog
    // compared them ignoring trailing spaces, or case too under the server's default collation).
    '0003_byte_exact_text': {
      async up(db: Kysely<never>) {
        await dialect.makeTextByteExact?.(db as never, [
          'tenants',
          'tokens',
          'import_audit',
          'idempotency_keys',
        ]);
      },
    },
  };
  return { getMigrations: async () => migrations };
}

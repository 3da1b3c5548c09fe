import type { Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';

/** Every migration of the run store, in order; never edit one that shipped, add the next. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('onboard_runs')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('source_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('source_url', 'text', (c) => c.notNull())
        .addColumn('core_url', 'text', (c) => c.notNull())
        .addColumn('mapping_path', 'text', (c) => c.notNull())
        .addColumn('mapping_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('schema_version', 'varchar(100)', (c) => c.notNull())
        .addColumn('dry_run', 'integer', (c) => c.notNull())
        .addColumn('options_json', 'text', (c) => c.notNull())
        .addColumn('plan_json', 'text', (c) => c.notNull())
        .addColumn('reconciliation_json', 'text')
        .addColumn('error', 'text')
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('started_at', 'varchar(32)')
        .addColumn('finished_at', 'varchar(32)')
        .execute();
      await db.schema
        .createTable('onboard_tasks')
        .addColumn('run_id', 'varchar(64)', (c) =>
          c.notNull().references('onboard_runs.id').onDelete('cascade'),
        )
        .addColumn('task_id', 'varchar(300)', (c) => c.notNull())
        .addColumn('phase', 'integer', (c) => c.notNull())
        .addColumn('entity', 'varchar(100)', (c) => c.notNull())
        .addColumn('stream', 'text', (c) => c.notNull())
        .addColumn('partition_index', 'integer', (c) => c.notNull())
        .addColumn('estimated_rows', 'bigint')
        .addColumn('task_json', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('checkpoint_seq', 'integer')
        .addColumn('checkpoint_after', 'text')
        .addColumn('error', 'text')
        .addColumn('started_at', 'varchar(32)')
        .addColumn('finished_at', 'varchar(32)')
        .addPrimaryKeyConstraint('onboard_tasks_pk', ['run_id', 'task_id'])
        .execute();
      await db.schema
        .createTable('onboard_batches')
        .addColumn('run_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('task_id', 'varchar(300)', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('entity', 'varchar(100)', (c) => c.notNull())
        .addColumn('rows_read', 'integer', (c) => c.notNull())
        .addColumn('skipped', 'integer', (c) => c.notNull())
        .addColumn('created', 'integer', (c) => c.notNull())
        .addColumn('updated', 'integer', (c) => c.notNull())
        .addColumn('unchanged', 'integer', (c) => c.notNull())
        .addColumn('rejected', 'integer', (c) => c.notNull())
        .addColumn('checksum_count', 'integer', (c) => c.notNull())
        .addColumn('checksum', 'varchar(16)', (c) => c.notNull())
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('recorded_at', 'varchar(32)', (c) => c.notNull())
        .addPrimaryKeyConstraint('onboard_batches_pk', ['run_id', 'task_id', 'seq'])
        .addForeignKeyConstraint(
          'onboard_batches_task_fk',
          ['run_id', 'task_id'],
          'onboard_tasks',
          ['run_id', 'task_id'],
          (c) => c.onDelete('cascade'),
        )
        .execute();
      await db.schema
        .createTable('onboard_rejections')
        .addColumn('run_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('task_id', 'varchar(300)', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('entity', 'varchar(100)', (c) => c.notNull())
        .addColumn('external_id', 'text')
        .addColumn('stage', 'varchar(20)', (c) => c.notNull())
        .addColumn('errors_json', 'text', (c) => c.notNull())
        .addColumn('row_json', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('onboard_rejections_pk', ['run_id', 'task_id', 'seq', 'position'])
        .addForeignKeyConstraint(
          'onboard_rejections_task_fk',
          ['run_id', 'task_id'],
          'onboard_tasks',
          ['run_id', 'task_id'],
          (c) => c.onDelete('cascade'),
        )
        .execute();
      await db.schema
        .createTable('onboard_watermarks')
        .addColumn('source_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('stream', 'varchar(300)', (c) => c.notNull())
        .addColumn('cursor_column', 'varchar(200)', (c) => c.notNull())
        .addColumn('value_json', 'text', (c) => c.notNull())
        .addColumn('run_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .addPrimaryKeyConstraint('onboard_watermarks_pk', ['source_name', 'stream'])
        .execute();
      await db.schema
        .createIndex('onboard_runs_created_idx')
        .on('onboard_runs')
        .column('created_at')
        .execute();
    },
  },
  '0002_cursor_max_and_watermark_target': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('onboard_batches').addColumn('cursor_max', 'text').execute();
      // Watermarks belong to a target (core and tenant) too: the same source may feed two tenants.
      await db.schema.dropTable('onboard_watermarks').execute();
      await db.schema
        .createTable('onboard_watermarks')
        .addColumn('target', 'varchar(300)', (c) => c.notNull())
        .addColumn('source_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('stream', 'varchar(300)', (c) => c.notNull())
        .addColumn('cursor_column', 'varchar(200)', (c) => c.notNull())
        .addColumn('value_json', 'text', (c) => c.notNull())
        .addColumn('run_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .addPrimaryKeyConstraint('onboard_watermarks_pk', ['target', 'source_name', 'stream'])
        .execute();
    },
  },
  '0003_run_locks': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('onboard_run_locks')
        .addColumn('run_id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('holder_id', 'varchar(200)', (c) => c.notNull())
        .addColumn('pid', 'integer', (c) => c.notNull())
        .addColumn('host', 'varchar(255)', (c) => c.notNull())
        .addColumn('acquired_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
  },
  '0004_mirror_seen_ids': {
    async up(db: Kysely<unknown>) {
      // The external ids a mirror run saw, once per (run, entity, id): replayed batches add nothing.
      await db.schema
        .createTable('onboard_seen_ids')
        .addColumn('run_id', 'varchar(64)', (c) =>
          c.notNull().references('onboard_runs.id').onDelete('cascade'),
        )
        .addColumn('entity', 'varchar(100)', (c) => c.notNull())
        .addColumn('external_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('onboard_seen_ids_pk', ['run_id', 'entity', 'external_id'])
        .execute();
      // Entities of a mirror run that had a row whose external id is unknown: nothing is deleted there.
      await db.schema
        .createTable('onboard_mirror_gaps')
        .addColumn('run_id', 'varchar(64)', (c) =>
          c.notNull().references('onboard_runs.id').onDelete('cascade'),
        )
        .addColumn('entity', 'varchar(100)', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('onboard_mirror_gaps_pk', ['run_id', 'entity'])
        .execute();
    },
  },
  '0005_run_tenant_and_deletions': {
    async up(db: Kysely<unknown>) {
      // The tenant core named for the run's token (GET /v1/whoami): no other tenant may work the run.
      await db.schema.alterTable('onboard_runs').addColumn('tenant_id', 'varchar(100)').execute();
      // What a mirror run marked deleted in core, once per (run, entity, id).
      await db.schema
        .createTable('onboard_deletions')
        .addColumn('run_id', 'varchar(64)', (c) =>
          c.notNull().references('onboard_runs.id').onDelete('cascade'),
        )
        .addColumn('entity', 'varchar(100)', (c) => c.notNull())
        .addColumn('external_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('onboard_deletions_pk', ['run_id', 'entity', 'external_id'])
        .execute();
    },
  },
  '0006_task_worker': {
    async up(db: Kysely<unknown>) {
      // Which process works a task now (host and pid): the console lists a run's workers by it.
      await db.schema.alterTable('onboard_tasks').addColumn('worker', 'varchar(300)').execute();
    },
  },
  '0007_merges': {
    async up(db: Kysely<unknown>) {
      // A run's merge plan: every member of a group of duplicates, written before the run's tasks.
      await db.schema
        .createTable('onboard_merges')
        .addColumn('run_id', 'varchar(64)', (c) =>
          c.notNull().references('onboard_runs.id').onDelete('cascade'),
        )
        .addColumn('entity', 'varchar(100)', (c) => c.notNull())
        .addColumn('external_id', 'varchar(300)', (c) => c.notNull())
        .addColumn('survivor_id', 'varchar(300)', (c) => c.notNull())
        .addColumn('emit', 'integer', (c) => c.notNull())
        .addColumn('record_json', 'text')
        .addColumn('rule', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('onboard_merges_pk', ['run_id', 'entity', 'external_id'])
        .execute();
    },
  },
  '0008_merges_pending': {
    async up(db: Kysely<unknown>) {
      // 1 while a run's merge plan is being made after the run was stored (its first tasks run
      // meanwhile): a resume makes the plan again. Null for every run stored with its plan.
      await db.schema.alterTable('onboard_runs').addColumn('merges_pending', 'integer').execute();
    },
  },
  '0009_run_starts': {
    async up(db: Kysely<unknown>) {
      // When each process first worked a run (its execution, or a worker's first task of it): a
      // run's running time leaves out the time between its last batch and a process that took it up
      // again (after a crash and `onboard resume`, or once workers came back).
      await db.schema
        .createTable('onboard_run_starts')
        .addColumn('run_id', 'varchar(64)', (c) =>
          c.notNull().references('onboard_runs.id').onDelete('cascade'),
        )
        .addColumn('process', 'varchar(300)', (c) => c.notNull())
        .addColumn('started_at', 'varchar(32)', (c) => c.notNull())
        .addPrimaryKeyConstraint('onboard_run_starts_pk', ['run_id', 'process'])
        .execute();
    },
  },
  '0010_null_cursor_rows': {
    async up(db: Kysely<unknown>) {
      // Rows of a batch whose cursor is null: every incremental run reads them again, and says so.
      await db.schema.alterTable('onboard_batches').addColumn('null_cursor_rows', 'integer').execute();
    },
  },
  '0011_batches_recorded_idx': {
    async up(db: Kysely<unknown>) {
      // A run's last batch before an instant (`RunStore.lastBatchAt`), asked once per process that
      // worked the run by every `status` and every refresh of the console's run page: without it
      // each scanned all of the run's batches (32 workers, 200,000 batches: 2.5 s a refresh).
      await db.schema
        .createIndex('onboard_batches_recorded_idx')
        .on('onboard_batches')
        .columns(['run_id', 'recorded_at'])
        .execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};

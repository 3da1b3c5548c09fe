import type { RetryPolicy } from '../loader/retry-policy.ts';

/** Everything `onboard run` is given. Secrets (token, URL passwords) live only here, in memory. */
export interface RunConfig {
  readonly mappingPath: string;
  /** Source URL; may carry a password (never stored or printed). */
  readonly sourceUrl: string;
  readonly coreUrl: string;
  readonly token: string;
  /** Run store: a SQLite path or `sqlite:` URL, or a `postgres://` URL. */
  readonly storeUrl: string;
  readonly dryRun: boolean;
  /** Partition tasks at once. */
  readonly concurrency: number;
  /** Rows per partition. */
  readonly partitionRows: number;
  /** Records per batch, at most core's limit. */
  readonly batchRecords?: number;
  /** Timezone of naive source timestamps. */
  readonly timezone: string;
  /** How requests to core are retried (`--retry-for`); default `DEFAULT_RETRY_POLICY`. */
  readonly retry?: RetryPolicy;
  /** Read only rows past each stream's stored watermark (for entities whose mapping names a cursor). */
  readonly incremental?: boolean;
  /** After a complete, successful run: mark records core holds for the source but the run did not see as deleted. */
  readonly mirror?: boolean;
}

/** The options kept with a run (no secrets), so `resume` can run it the same way. */
export interface StoredRunOptions {
  readonly concurrency: number;
  readonly partitionRows: number;
  readonly batchRecords?: number;
  readonly timezone: string;
  readonly incremental: boolean;
  /** A mirror run: its batches store the external ids they saw, and its end marks the others deleted. */
  readonly mirror?: boolean;
}

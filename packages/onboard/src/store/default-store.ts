/**
 * Where the run store lives when no URL is given. In a file of its own, without Kysely or SQLite,
 * so the command line can show it as a default without loading them.
 */
export const DEFAULT_STORE = '.onboard/runs.sqlite';

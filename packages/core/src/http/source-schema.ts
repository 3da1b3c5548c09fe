/** A source system name: 1..100 of [A-Za-z0-9._-]. */
export const SOURCE_SCHEMA = { type: 'string', pattern: '^[A-Za-z0-9._-]{1,100}$' } as const;

/** Query-string schema of `?dryRun=`. */
export const DRY_RUN_QUERY = {
  type: 'object',
  properties: { dryRun: { type: 'string', enum: ['true', 'false', '1', '0'] } },
} as const;

export function isDryRun(query: { dryRun?: string }): boolean {
  return query.dryRun === 'true' || query.dryRun === '1';
}

import { createHash } from 'node:crypto';
import { stripSecrets } from '../config/redact-url.ts';

/**
 * Names where records go without revealing the token: core's URL (no credentials) and the first
 * 16 hex digits of sha256(token). Two tenants on one core differ; a rotated token starts afresh.
 */
export function targetOf(coreUrl: string, token: string): string {
  const fingerprint = createHash('sha256').update(token).digest('hex').slice(0, 16);
  return `${stripSecrets(coreUrl).replace(/\/$/, '')}#${fingerprint}`;
}

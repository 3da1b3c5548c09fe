import { randomBytes } from 'node:crypto';

/** A new run id: sortable by start time, unique across machines (`r20250131-120000-a1b2c3`). */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `r${stamp}-${randomBytes(3).toString('hex')}`;
}

import { createHash } from 'node:crypto';

/**
 * The `Idempotency-Key` of one batch: a hash of its place in the run (run, task, sequence number)
 * and of the exact request body. A batch replayed after a crash has the same place and the same
 * body, so core returns the stored response and nothing is applied twice; if the source changed in
 * between, the body differs and the batch is applied as new (upserts stay idempotent either way).
 */
export function idempotencyKey(
  runId: string,
  taskId: string,
  seq: number,
  body: string | Uint8Array,
): string {
  const hash = createHash('sha256');
  hash.update(`${runId}\u0000${taskId}\u0000${seq}\u0000`);
  hash.update(body);
  return `onb-${hash.digest('base64url').slice(0, 43)}`;
}

import { describe, expect, it, vi } from 'vitest';
import { withInterrupt } from '../../src/pipeline/interrupt.ts';

// The first Ctrl-C said "stopping after the batches in flight", but the abort cancels those
// requests: nothing of them is recorded, and `onboard resume` sends them again.
describe('withInterrupt', () => {
  it('aborts the work on the first SIGINT and says what becomes of the batches in flight', async () => {
    const listeners = process.listenerCount('SIGINT');
    let said = '';
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      said += String(chunk);
      return true;
    });
    try {
      const reason = await withInterrupt(
        (signal) =>
          new Promise<unknown>((resolve) => {
            signal.addEventListener('abort', () => resolve(signal.reason));
            process.emit('SIGINT', 'SIGINT');
          }),
      );
      expect(String(reason)).toContain('interrupted by SIGINT');
    } finally {
      stderr.mockRestore();
    }
    expect(said).toBe(
      '\nonboard: SIGINT: stopping; batches in flight are not waited for: `onboard resume` sends again what the run did not record, and core applies each batch once (again to quit now)\n',
    );
    expect(process.listenerCount('SIGINT')).toBe(listeners);
  });
});

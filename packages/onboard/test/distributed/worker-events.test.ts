import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { jsonLines } from '../../src/worker/worker-events.ts';

describe('worker event lines', () => {
  it('are one JSON object per line: the time as `at`, the process id, then the event', () => {
    let written = '';
    const sink = jsonLines(
      new Writable({
        write(chunk, _encoding, done) {
          written += String(chunk);
          done();
        },
      }),
    );
    sink({ event: 'queue.watch', queue: 'onboard:t1' });
    sink({ event: 'worker.ready', pid: 42, concurrency: 2 });
    const lines = written.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const [watch, ready] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(Object.keys(watch ?? {})).toEqual(['at', 'pid', 'event', 'queue']);
    expect(watch).toMatchObject({ pid: process.pid, event: 'queue.watch', queue: 'onboard:t1' });
    expect(new Date(String(watch?.['at'])).toISOString()).toBe(watch?.['at']);
    expect(ready).toEqual({ at: ready?.['at'], pid: 42, event: 'worker.ready', concurrency: 2 });
  });
});

describe('worker event times', () => {
  it('are the time of each event, not of the logger', async () => {
    let written = '';
    const sink = jsonLines(
      new Writable({
        write(chunk, _encoding, done) {
          written += String(chunk);
          done();
        },
      }),
    );
    sink({ event: 'queue.watch', queue: 'onboard:t1' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    sink({ event: 'queue.watch', queue: 'onboard:t2' });
    const [first, second] = written
      .trimEnd()
      .split('\n')
      .map((line) => Date.parse(String((JSON.parse(line) as { at: string }).at)));
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(15);
  });
});

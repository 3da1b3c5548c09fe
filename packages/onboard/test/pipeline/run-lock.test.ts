import { describeEachDialect, useTestDatabase } from '@madeup/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { holdRunLock, RunLockedError, thisProcess } from '../../src/pipeline/run-lock.ts';
import { openRunStore } from '../../src/store/open-run-store.ts';
import type { RunStore } from '../../src/store/run-store.ts';

const holder = (name: string, pid: number) => ({ id: `${name}-${pid}`, pid, host: `${name}.example` });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const never = new AbortController().signal;
/** Resolves once `signal` aborts: what a heartbeat did, awaited rather than slept for. */
const aborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
/** A lease no step of a test outlives, however loaded the machine: held until released. */
const LONG = 60_000;

describeEachDialect(
  'run locks in the run store',
  (target) => {
    const database = useTestDatabase(target, 'locks');
    let store: RunStore;
    beforeAll(async () => {
      store = await openRunStore(database().url);
    });
    afterAll(async () => {
      await store?.close();
    });

    it('lets one holder at a time take a run, and another take it over once the lease expired', async () => {
      const a = holder('a', 101);
      const b = holder('b', 202);
      expect(await store.locks.acquire('run-1', a, LONG)).toEqual({ acquired: true });
      const refused = await store.locks.acquire('run-1', b, LONG);
      expect(refused).toMatchObject({
        acquired: false,
        held: { runId: 'run-1', pid: 101, host: 'a.example' },
      });
      // A different run is independent; the holder may take its own lock again.
      expect(await store.locks.acquire('run-2', b, LONG)).toEqual({ acquired: true });
      expect(await store.locks.acquire('run-1', a, LONG)).toEqual({ acquired: true });
      // A renewal sets the lease from now: a short one, which then runs out.
      expect(await store.locks.renew('run-1', a.id, 300)).toBe(true);
      await sleep(400);
      expect(await store.locks.acquire('run-1', b, 300)).toEqual({ acquired: true });
      expect(await store.locks.renew('run-1', a.id, 300)).toBe(false);
      await store.locks.release('run-1', a.id);
      expect((await store.locks.get('run-1'))?.pid).toBe(202);
      await store.locks.release('run-1', b.id);
      expect(await store.locks.get('run-1')).toBeUndefined();
    });

    it('gives exactly one of many simultaneous takers the lock', async () => {
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => store.locks.acquire('run-race', holder('r', 300 + i), 5_000)),
      );
      expect(results.filter((r) => r.acquired)).toHaveLength(1);
    });

    it('keeps a lock alive by its heartbeat, refuses others naming the holder, and frees it on release', async () => {
      // A lease long enough that no renewal (every third of it) comes late on a loaded machine.
      const leaseMs = 3_000;
      const held = await holdRunLock(store.locks, 'run-3', never, { leaseMs, holder: holder('c', 303) });
      const first = Date.parse((await store.locks.get('run-3'))!.expiresAt);
      // Past the first lease, only the heartbeat has kept the lock.
      await sleep(first - Date.now() + 100);
      expect(Date.parse((await store.locks.get('run-3'))!.expiresAt)).toBeGreaterThan(first);
      const second = holdRunLock(store.locks, 'run-3', never, { leaseMs, holder: holder('d', 404) });
      await expect(second).rejects.toThrow(RunLockedError);
      await expect(second).rejects.toThrow(/run run-3 is being worked by pid 303 on c\.example since \d{4}-/);
      expect(held.signal.aborted).toBe(false);
      await held.release();
      const next = await holdRunLock(store.locks, 'run-3', never, { leaseMs, holder: holder('d', 404) });
      await next.release();
    });

    it('takes over the lock of a dead holder after expiry, and the old holder learns it lost the run', async () => {
      const dead = holder('dead', 505);
      await store.locks.acquire('run-4', dead, LONG);
      await expect(holdRunLock(store.locks, 'run-4', never, { leaseMs: 200 })).rejects.toThrow(/pid 505/);
      // Its last renewal, with a short lease that then runs out.
      expect(await store.locks.renew('run-4', dead.id, 200)).toBe(true);
      await sleep(300);
      const alive = await holdRunLock(store.locks, 'run-4', never, {
        leaseMs: 150,
        holder: holder('e', 606),
      });
      expect((await store.locks.get('run-4'))?.pid).toBe(606);
      // Someone removes it and takes it (as after a long pause of this process): the heartbeat notices.
      await store.locks.release('run-4', 'e-606');
      await store.locks.acquire('run-4', holder('f', 707), LONG);
      await aborted(alive.signal);
      expect(alive.lost()).toMatch(/taken over/);
      await alive.release();
      expect((await store.locks.get('run-4'))?.pid).toBe(707);
    });

    it('takes a lock over at once from a dead process of this host, never from a live one', async () => {
      const here = thisProcess();
      await store.locks.acquire('run-5', { id: 'gone', pid: 2 ** 22 + 17, host: here.host }, 60_000);
      const taken = await holdRunLock(store.locks, 'run-5', never, { leaseMs: 60_000, holder: here });
      expect((await store.locks.get('run-5'))?.id).toBe(here.id);
      // This very process is alive: a second holder in it waits for the lease like anyone else.
      await expect(holdRunLock(store.locks, 'run-5', never, { leaseMs: 60_000 })).rejects.toThrow(
        new RegExp(`pid ${process.pid} on `),
      );
      await taken.release();
    });
  },
  ['postgres', 'sqlite'],
);

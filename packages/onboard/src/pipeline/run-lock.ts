import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { readEnvInt } from '../config/environment.ts';
import { OnboardError } from '../errors/onboard-error.ts';
import type { LockHolder, RunLock, RunLocks } from '../store/run-locks.ts';

/** How long a run's lease lasts without a heartbeat: `ONBOARD_RUN_LEASE_MS`, default 30 s. */
export function defaultLeaseMs(): number {
  return readEnvInt('runLeaseMs', 100) ?? 30_000;
}

/** Another process works the run; the message names it (pid, host, since when) and what to do. */
export class RunLockedError extends OnboardError {
  override readonly name = 'RunLockedError';
  readonly held: RunLock;

  constructor(held: RunLock) {
    super(
      'config',
      `run ${held.runId} is being worked by pid ${held.pid} on ${held.host} since ${held.acquiredAt} ` +
        `(lease until ${held.expiresAt}); wait for it to end, or, if that process is dead, retry once the lease has expired`,
    );
    this.held = held;
  }
}

export interface RunLockOptions {
  /** Lease length; renewed every third of it. Default `defaultLeaseMs()`. */
  readonly leaseMs?: number;
  /** Who holds it; default this process. */
  readonly holder?: LockHolder;
}

/** A held run lock: `signal` aborts when the outer signal does or when the lock is lost. */
export interface HeldRunLock {
  readonly signal: AbortSignal;
  /** Why the lock was lost, once it was (the run must then write nothing more). */
  lost(): string | undefined;
  release(): Promise<void>;
}

/** This process, as a lock holder. */
export function thisProcess(): LockHolder {
  return {
    id: `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`,
    pid: process.pid,
    host: hostname(),
  };
}

/**
 * Takes the run's lock (at once from a dead process of this host, otherwise once its lease has
 * expired) or throws `RunLockedError`, then renews the lease every third of it until
 * released. A renewal that finds the lock taken over, or no renewal for a whole lease (store
 * unreachable), aborts `signal`.
 */
export async function holdRunLock(
  locks: RunLocks,
  runId: string,
  outer: AbortSignal,
  options: RunLockOptions = {},
): Promise<HeldRunLock> {
  const leaseMs = options.leaseMs ?? defaultLeaseMs();
  const holder = options.holder ?? thisProcess();
  const taken = await locks.acquire(runId, holder, leaseMs);
  if (!taken.acquired) {
    // A holder on this host whose process is gone (kill -9) need not be waited for.
    const dead = taken.held.host === holder.host && !processAlive(taken.held.pid);
    if (!(dead && (await locks.takeOver(runId, taken.held.id, holder, leaseMs))))
      throw new RunLockedError(taken.held);
  }
  const controller = new AbortController();
  const onAbort = () => controller.abort(outer.reason);
  outer.addEventListener('abort', onAbort, { once: true });
  if (outer.aborted) onAbort();
  let lostReason: string | undefined;
  let renewed = Date.now();
  const lose = (reason: string) => {
    lostReason ??= reason;
    controller.abort(new Error(reason));
  };
  const timer = setInterval(
    () => {
      locks.renew(runId, holder.id, leaseMs).then(
        (ours) => {
          if (ours) renewed = Date.now();
          else lose(`the lock of run ${runId} was taken over by another process after its lease expired`);
        },
        () => {
          if (Date.now() - renewed > leaseMs)
            lose(`the lease of run ${runId} could not be renewed for ${leaseMs} ms`);
        },
      );
    },
    Math.max(50, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  return {
    signal: controller.signal,
    lost: () => lostReason,
    async release() {
      clearInterval(timer);
      outer.removeEventListener('abort', onAbort);
      if (lostReason === undefined) await locks.release(runId, holder.id);
    },
  };
}

/** True when a process with this pid runs on this host (or exists but is not ours to signal). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

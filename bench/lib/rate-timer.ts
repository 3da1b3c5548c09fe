/** How many things were done in how long. */
export interface Rate {
  readonly count: number;
  readonly seconds: number;
  readonly perSecond: number;
}

/** A stopwatch for throughput: `const t = startTimer(); …; const rate = t.stop(rows)`. */
export interface RateTimer {
  /** Seconds since the start. */
  elapsed(): number;
  /** The rate of `count` things over the time since the start. */
  stop(count: number): Rate;
}

export function startTimer(): RateTimer {
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
  return {
    elapsed,
    stop(count) {
      const seconds = elapsed();
      return { count, seconds, perSecond: seconds > 0 ? count / seconds : 0 };
    },
  };
}

/** Times `work`, which returns how many things it did. */
export async function measureRate(work: () => Promise<number>): Promise<Rate> {
  const timer = startTimer();
  const count = await work();
  return timer.stop(count);
}

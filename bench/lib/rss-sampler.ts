import { readFileSync } from 'node:fs';

/** What an RSS sampler saw between its start and `stop()`. */
export interface RssReport {
  readonly peakBytes: number;
  readonly startBytes: number;
  readonly endBytes: number;
  readonly samples: number;
  /**
   * The peak of each quarter of the sampling time, in order: flat quarters mean memory that does
   * not grow with the work done, rising ones a leak or a buffer that grows with it.
   */
  readonly quarterPeaks: readonly number[];
}

export interface RssSampler {
  /** Stops sampling (takes one last sample) and reports. */
  stop(): RssReport;
}

/**
 * Samples the resident set size every `intervalMs`: of this process by default, or of process
 * `pid` (read from /proc, Linux only) — e.g. an ETL child process the benchmark started. The timer
 * does not keep the event loop alive.
 */
export function sampleRss(options: { intervalMs?: number; pid?: number } = {}): RssSampler {
  const read =
    options.pid === undefined ? () => process.memoryUsage.rss() : () => rssOfPid(options.pid as number);
  const startBytes = read();
  let peakBytes = startBytes;
  const series = [startBytes];
  const take = () => {
    const bytes = read();
    series.push(bytes);
    if (bytes > peakBytes) peakBytes = bytes;
    return bytes;
  };
  const timer = setInterval(take, options.intervalMs ?? 50);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      const endBytes = take();
      return { peakBytes, startBytes, endBytes, samples: series.length, quarterPeaks: quarterPeaks(series) };
    },
  };
}

/** Current RSS of a process from /proc/PID/status; 0 once it has exited. */
export function rssOfPid(pid: number): number {
  return statusField(pid, 'VmRSS');
}

/** Peak RSS over the whole life of a process so far (the kernel's high-water mark). */
export function peakRssOfPid(pid: number): number {
  return statusField(pid, 'VmHWM');
}

function statusField(pid: number, field: string): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match?.[1] === undefined ? 0 : Number(match[1]) * 1024;
  } catch {
    return 0;
  }
}

function quarterPeaks(series: readonly number[]): number[] {
  return [0, 1, 2, 3].map((q) => {
    const part = series.slice(Math.floor((q * series.length) / 4), Math.ceil(((q + 1) * series.length) / 4));
    return part.length === 0 ? 0 : Math.max(...part);
  });
}

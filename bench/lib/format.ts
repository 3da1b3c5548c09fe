// Number formatting shared by every benchmark, so BENCHMARKS.md reads the same throughout.

/** `1234567` -> `1,234,567`; fractions rounded to `digits`. */
export function formatNumber(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Bytes in MiB with one decimal: `123.4 MiB`. */
export function formatBytes(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

/** A rate in rows per second, rounded: `12,345 rows/s`. */
export function formatRate(perSecond: number, unit = 'rows'): string {
  return `${formatNumber(Math.round(perSecond))} ${unit}/s`;
}

/** Seconds with two decimals under a minute, else minutes and seconds. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(2)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** `a / b` as `0.53×`; `n/a` when b is zero. */
export function formatRatio(a: number, b: number): string {
  return b === 0 ? 'n/a' : `${(a / b).toFixed(2)}×`;
}

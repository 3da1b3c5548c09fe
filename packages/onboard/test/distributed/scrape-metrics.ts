/** A worker's `/metrics` text, read from the port its stderr names. */
export async function scrapeWorker(stderr: string): Promise<string> {
  const port = /metrics on http:\/\/[^:]+:(\d+)\/metrics/.exec(stderr)?.[1];
  if (port === undefined) throw new Error(`the worker named no metrics port: ${stderr.slice(-500)}`);
  return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
}

/**
 * The samples of counter `name` in Prometheus text, summed per value of `label` (every sample
 * under `''` when `label` is undefined). Read from the text, not from onboard's metrics code.
 */
export function counterSums(text: string, name: string, label?: string): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const sample = /^([a-z_]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (sample === null || sample[1] !== name) continue;
    const labels = Object.fromEntries(
      [...(sample[2] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    const key = label === undefined ? '' : String(labels[label]);
    sums[key] = (sums[key] ?? 0) + Number(sample[3]);
  }
  return sums;
}

/** `a` plus `b`, key by key. */
export function addSums(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a };
  for (const [key, n] of Object.entries(b)) out[key] = (out[key] ?? 0) + n;
  return out;
}

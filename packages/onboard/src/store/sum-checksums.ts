const MASK = (1n << 64n) - 1n;

/** Adds checksums in core's hex form (sums modulo 2^64), so batch checksums combine into a run's. */
export function sumChecksums(parts: Iterable<string>): string {
  let sum = 0n;
  for (const part of parts) sum = (sum + BigInt(`0x${part}`)) & MASK;
  return sum.toString(16).padStart(16, '0');
}

/** Murmur3's finaliser: a fast, well-mixed 32-bit hash of a 32-bit integer. */
export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Turns a user's seed (any integer or string) into 32 bits, the same on every machine. */
export function seedBits(seed: number | string): number {
  if (typeof seed === 'number' && Number.isSafeInteger(seed)) {
    return mix32(mix32(seed % 0x1_0000_0000) ^ Math.floor(seed / 0x1_0000_0000));
  }
  let h = 0x811c9dc5;
  for (const ch of String(seed)) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 0x01000193);
  return mix32(h);
}

/**
 * The random numbers of one row: a pure function of (seed, stream, id), so any row of any table can
 * be rebuilt on its own, in any order, without keeping earlier rows (mulberry32 seeded by hashing).
 */
export class RowRandom {
  #state: number;

  constructor(seed: number, stream: number, id: number) {
    this.#state = mix32(
      mix32(seed ^ Math.imul(stream, 0x9e3779b1)) ^ mix32(id) ^ Math.floor(id / 0x1_0000_0000),
    );
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) | 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

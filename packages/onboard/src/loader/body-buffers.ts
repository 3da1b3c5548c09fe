/** The smallest buffer the pool hands out; sizes are this times a power of two. */
const MIN_BYTES = 64 * 1024;

/**
 * Reusable buffers for request bodies. A fresh buffer of a batch's size (hundreds of kB) comes
 * from `mmap` (the onboard bin sets glibc's mmap threshold at 128 KiB) and costs a page fault for
 * every 4 KiB the first time it is written, and `munmap` when collected: about 2 ms of CPU for a
 * 550 kB body, more than writing its records. Bodies whose request is answered come back here
 * (`release`) and are written again by the next batches. At most `maxFreeBytes` wait here; the
 * rest is left to the garbage collector.
 */
export class BodyBuffers {
  readonly #maxFreeBytes: number;
  #free: Buffer[] = [];
  #freeBytes = 0;

  constructor(maxFreeBytes: number) {
    this.#maxFreeBytes = maxFreeBytes;
  }

  /** A buffer of at least `bytes` (its contents are whatever was there before). */
  get(bytes: number): Buffer {
    let best = -1;
    for (let i = 0; i < this.#free.length; i += 1) {
      const length = (this.#free[i] as Buffer).length;
      if (length >= bytes && (best === -1 || length < (this.#free[best] as Buffer).length)) best = i;
    }
    if (best === -1) return Buffer.allocUnsafeSlow(sizeFor(bytes));
    const [buffer] = this.#free.splice(best, 1) as [Buffer];
    this.#freeBytes -= buffer.length;
    return buffer;
  }

  /** Gives back a buffer from `get` that nothing reads or writes any more. */
  release(buffer: Buffer): void {
    if (this.#freeBytes + buffer.length > this.#maxFreeBytes) return;
    this.#free.push(buffer);
    this.#freeBytes += buffer.length;
  }
}

/** `bytes` rounded up to `MIN_BYTES` times a power of two, so buffers fit many batches. */
function sizeFor(bytes: number): number {
  let size = MIN_BYTES;
  while (size < bytes) size *= 2;
  return size;
}

/**
 * The process's pool: 32 MiB are a few dozen bodies of Vendor X's size, what 4 tasks keep in
 * flight and being written.
 */
export const bodyBuffers = new BodyBuffers(32 * 1024 * 1024);

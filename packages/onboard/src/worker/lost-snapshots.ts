/** At most this many lost snapshot ids are remembered (the oldest are forgotten first). */
const LIMIT = 1000;

/**
 * The run snapshots this worker found gone (their coordinator stopped): tasks that carry one read
 * the latest state without trying it again, and each is reported once.
 */
export class LostSnapshots {
  readonly #lost = new Set<string>();

  /** The snapshot to read under: `snapshot`, unless it is known to be gone. */
  usable(snapshot: string | undefined): string | undefined {
    return snapshot === undefined || this.#lost.has(snapshot) ? undefined : snapshot;
  }

  /** Remembers `snapshot` as gone; true the first time (report it then). */
  add(snapshot: string): boolean {
    if (this.#lost.has(snapshot)) return false;
    this.#lost.add(snapshot);
    if (this.#lost.size > LIMIT) this.#lost.delete(this.#lost.values().next().value as string);
    return true;
  }
}

/** What the test expects one tenant to hold: customers by (source, externalId), and its keys. */
export class TenantRecordsModel {
  readonly #records = new Map<string, { lastName: string; deleted: boolean }>();
  readonly #keys = new Map<string, { request: string; response: unknown }>();

  #at(source: string, externalId: string): string {
    return `${source}\u0000${externalId}`;
  }

  /** The outcome an import of these records gets, and (unless a dry run) applies it. */
  importOutcomes(
    source: string,
    records: readonly { externalId: string; lastName: string }[],
    dryRun: boolean,
  ) {
    return records.map(({ externalId, lastName }) => {
      const at = this.#at(source, externalId);
      const held = this.#records.get(at);
      const outcome =
        held === undefined ? 'created' : held.deleted || held.lastName !== lastName ? 'updated' : 'unchanged';
      if (!dryRun) this.#records.set(at, { lastName, deleted: false });
      return outcome;
    });
  }

  /** The outcome a delete of these ids gets, and (unless a dry run) applies it. */
  deleteOutcomes(source: string, externalIds: readonly string[], dryRun: boolean) {
    return externalIds.map((externalId) => {
      const held = this.#records.get(this.#at(source, externalId));
      if (held === undefined) return 'not_found';
      if (held.deleted) return 'unchanged';
      if (!dryRun) held.deleted = true;
      return 'deleted';
    });
  }

  record(source: string, externalId: string): { lastName: string; deleted: boolean } | undefined {
    return this.#records.get(this.#at(source, externalId));
  }

  /** Every record of `source`, by external id, in no particular order. */
  recordsOf(source: string): Map<string, { lastName: string; deleted: boolean }> {
    const prefix = `${source}\u0000`;
    return new Map(
      [...this.#records]
        .filter(([at]) => at.startsWith(prefix))
        .map(([at, held]) => [at.slice(prefix.length), { ...held }]),
    );
  }

  liveCount(source: string): number {
    let n = 0;
    for (const [at, held] of this.#records) if (at.startsWith(`${source}\u0000`) && !held.deleted) n++;
    return n;
  }

  /** What an `Idempotency-Key` already holds: nothing, the same request (replay) or another (reused). */
  keyState(
    key: string,
    request: string,
  ): { kind: 'new' } | { kind: 'replay'; response: unknown } | { kind: 'reused' } {
    const held = this.#keys.get(key);
    if (held === undefined) return { kind: 'new' };
    return held.request === request ? { kind: 'replay', response: held.response } : { kind: 'reused' };
  }

  rememberKey(key: string, request: string, response: unknown): void {
    this.#keys.set(key, { request, response });
  }
}

import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { type CursorColumn, cursorParam, offsetText } from '../repeated-runs/shop-cursor.ts';
import { openShopDb, type ShopDb } from '../repeated-runs/shop-db.ts';
import type { LiveCase, LiveWrite } from './live-writes.ts';

/** One clock tick of the source: a second, which every cursor column type keeps. */
const TICK = 1_000_000;

/**
 * The vendor application, writing the source's `cust` table while runs read it. Each write gets
 * the next tick of the source's clock as its cursor value, so cursors grow in commit order, as an
 * application stamping `changed_at = now()` in short transactions does. Bursts of writes are
 * queued and applied one after the other, concurrently with whatever else the process does.
 */
export class LiveWriter {
  /** Ids of rows deleted from the source (ids are never reused). */
  readonly deleted = new Set<string>();
  /** Ids of rows the writer inserted or updated. */
  readonly touched = new Set<string>();
  readonly #db: ShopDb;
  readonly #cursor: CursorColumn;
  readonly #zoneOffset: number;
  readonly #firstKeys: number;
  readonly #live: number[] = [];
  readonly #used = new Set<number>();
  #clock = 0;
  #chain: Promise<void> = Promise.resolve();
  #failure: unknown;

  private constructor(db: ShopDb, cursor: CursorColumn, zoneOffset: number, firstKeys: number) {
    this.#db = db;
    this.#cursor = cursor;
    this.#zoneOffset = zoneOffset;
    this.#firstKeys = firstKeys;
  }

  /** Connects to the source at `url` and writes the case's first rows (keys 10, 20, …). */
  static async create(
    url: string,
    cursor: CursorColumn,
    zoneOffset: number,
    live: LiveCase,
    journal: 'wal' | 'delete',
  ): Promise<LiveWriter> {
    const db =
      cursor.dialect === 'sqlite'
        ? sqliteWriter(url, journal)
        : await openShopDb(cursor.dialect, url, offsetText(cursor.writerOffset));
    const writer = new LiveWriter(db, cursor, zoneOffset, live.rows);
    for (let i = 0; i < live.rows; i++)
      await writer.#insert(10 * (i + 1), ((i * live.shuffle) % live.rows) + 1);
    writer.#clock = live.rows + 1;
    return writer;
  }

  /** Queues a burst of writes behind the ones queued before; returns at once. */
  burst(writes: readonly LiveWrite[]): void {
    this.#chain = this.#chain
      .then(async () => {
        for (const write of writes) await this.#apply(write);
      })
      .catch((error: unknown) => {
        this.#failure ??= error;
      });
  }

  /** Waits for every queued write; throws the first write that failed. */
  async drain(): Promise<void> {
    await this.#chain;
    if (this.#failure !== undefined) throw this.#failure;
  }

  close(): Promise<void> {
    return this.#db.close();
  }

  async #apply(write: LiveWrite): Promise<void> {
    const tick = ++this.#clock;
    if (write.kind === 'insert-inside') {
      // Between two of the first keys: 10k + 1 … 10k + 9, inside the planned key ranges.
      const base = 10 * (1 + (write.pick % Math.max(1, this.#firstKeys - 1)));
      const id = [...Array(9).keys()]
        .map((n) => base + 1 + n)
        .find((candidate) => !this.#used.has(candidate));
      if (id !== undefined) await this.#insert(id, tick, write.phone);
      return;
    }
    if (write.kind === 'insert-above') {
      await this.#insert(Math.max(...this.#used) + 1 + (write.pick % 5), tick, write.phone);
      return;
    }
    if (this.#live.length === 0) return;
    const index = write.pick % this.#live.length;
    const id = this.#live[index] as number;
    if (write.kind === 'delete') {
      await this.#db.run('DELETE FROM cust WHERE cust_id = ?', [id]);
      this.#live.splice(index, 1);
      this.deleted.add(String(id));
      return;
    }
    await this.#db.run('UPDATE cust SET first_name = ?, phone = ?, changed_at = ? WHERE cust_id = ?', [
      `first ${tick}`,
      write.phone,
      cursorParam(this.#cursor, tick * TICK, this.#zoneOffset),
      id,
    ]);
    this.touched.add(String(id));
  }

  async #insert(id: number, tick: number, phone: string | null = null): Promise<void> {
    await this.#db.run('INSERT INTO cust VALUES (?, ?, ?, ?, ?, ?)', [
      id,
      `first ${tick}`,
      `last ${id}`,
      `c${id}@example.com`,
      phone,
      cursorParam(this.#cursor, tick * TICK, this.#zoneOffset),
    ]);
    this.#used.add(id);
    this.#live.push(id);
    if (tick > this.#firstKeys) this.touched.add(String(id));
  }
}

/**
 * A SQLite connection that never blocks the event loop: a write the run's read transaction holds
 * off (SQLITE_BUSY, in rollback-journal mode) is tried again 2 ms later, while the run goes on.
 */
function sqliteWriter(url: string, journal: 'wal' | 'delete'): ShopDb {
  const db = new Database(url.replace(/^sqlite:/, ''), { timeout: 0 });
  db.pragma(`journal_mode = ${journal}`);
  return {
    async run(sql, params) {
      for (;;) {
        try {
          return db.prepare(sql).run(...params).changes;
        } catch (error) {
          if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
          await sleep(2);
        }
      }
    },
    close: async () => void db.close(),
  };
}

import { setImmediate as nextTurn } from 'node:timers/promises';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Where every write transaction runs, so that a long one (100,000 codes) may pause between batches
 * (`yieldToEventLoop`) and let other requests be served, without anyone seeing or joining it half done.
 *
 * On SQLite, better-sqlite3 runs every statement of a connection synchronously and a connection sees
 * its own uncommitted rows: the writes therefore run on a connection of their own, one transaction at
 * a time (an async queue; a second writer connection would block the event loop on SQLite's lock),
 * while reads go through the main connection and see committed data only (WAL). On a database with
 * a connection pool (PostgreSQL), each transaction simply takes a connection of its own.
 */
export class WriteTransactions {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly writer: DataSource,
    private readonly mode: {
      /** Transactions must run one after the other (one SQLite writer connection). */
      readonly oneAtATime: boolean;
      /** Reads use another connection, so a transaction may pause without exposing its rows. */
      readonly isolatedFromReads: boolean;
    },
  ) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.mode.oneAtATime) return this.writer.transaction(work);
    const result = this.tail.then(() => this.writer.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /**
   * Between two batches of a long transaction: lets the event loop serve what is waiting (other
   * requests' I/O). A no-op where reads share the writer's connection (an in-memory database).
   */
  pause(): Promise<void> {
    return this.mode.isolatedFromReads ? nextTurn() : Promise.resolve();
  }
}

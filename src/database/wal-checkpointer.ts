import { Worker } from 'node:worker_threads';
import { BUSY_TIMEOUT_MS } from './database-options';

/** How often the checkpointer copies the WAL into the database file. */
const CHECKPOINT_INTERVAL_MS = 1000;

// Plain JavaScript, evaluated as the worker's code: it needs no build step, from the sources or from dist.
const CHECKPOINTER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { timeout: workerData.busyTimeoutMs });
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ failure: String(error && error.message) });
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Copies SQLite's write-ahead log into the database file from a thread of its own, every second. The
 * writer connection has automatic checkpoints off, because SQLite runs them inside the commit that
 * crosses the threshold, on the event loop (100–200 ms after a large write); a PASSIVE checkpoint
 * here never blocks readers or the writer, and SQLite restarts the log once it has been copied.
 */
export class WalCheckpointer {
  private readonly worker: Worker;

  constructor(databasePath: string, onFailure: (message: string) => void) {
    this.worker = new Worker(CHECKPOINTER_SOURCE, {
      eval: true,
      workerData: {
        driver: require.resolve('better-sqlite3'),
        path: databasePath,
        busyTimeoutMs: BUSY_TIMEOUT_MS,
        intervalMs: CHECKPOINT_INTERVAL_MS,
      },
    });
    this.worker.on('message', (message: { failure?: string }) => {
      if (message.failure !== undefined) onFailure(message.failure);
    });
    this.worker.unref();
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    // Unreferenced, the worker would not keep the process alive until it exits: the wait would never
    // end where nothing else holds the event loop (a command-line tool, a server that stopped listening).
    this.worker.ref();
    this.worker.postMessage('stop');
    await exited;
  }
}

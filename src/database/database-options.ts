import type { Database } from 'better-sqlite3';
import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ensurePrivateFile } from '../common/private-files';
import { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';

/** How long a write waits for another connection's lock before failing (SQLite `busy_timeout`). */
const BUSY_TIMEOUT_MS = 5000;

/**
 * The one definition of the database connection, used by the app and by the TypeORM CLI
 * (`ormconfig.ts`). Migrations always run; `synchronize` is never on.
 */
export function databaseOptions(config: AppConfig): DataSourceOptions {
  const { path } = config.database;
  // SQLite creates the WAL and shared-memory files with the database file's mode.
  if (path !== ':memory:') ensurePrivateFile(path, [`${path}-wal`, `${path}-shm`]);
  return {
    type: 'better-sqlite3',
    database: path,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // WAL lets readers proceed while a large import writes; the driver also turns foreign keys on.
    enableWAL: true,
    timeout: BUSY_TIMEOUT_MS,
    prepareDatabase: (db: Database) => {
      // Safe with WAL: a crash may lose the last commits but never corrupts the file.
      db.pragma('synchronous = NORMAL');
    },
  };
}

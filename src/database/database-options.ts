import type { Database } from 'better-sqlite3';
import { DataSourceOptions } from 'typeorm';

/** The entity classes a data source maps (each feature lists its own). */
export type EntityList = NonNullable<DataSourceOptions['entities']>;
import { MIGRATIONS } from '../../migrations';
import { ensurePrivateFile } from '../common/private-files';
import { AppConfig, PostgresConfig, SqliteConfig } from '../config/app-config';

/** How long a write waits for another connection's lock before failing (SQLite `busy_timeout`). */
export const BUSY_TIMEOUT_MS = 5000;

/** Page cache of the writer connection, in KiB (SQLite's default is 2,000). */
const WRITER_CACHE_KIB = 512;

/**
 * How long opening a PostgreSQL connection, or waiting for a free one of the pool, may take: past
 * it the request is a 503 rather than a wait without end (node-postgres has no limit by default).
 */
const POSTGRES_CONNECT_TIMEOUT_MS = 5000;

/**
 * `main` runs the migrations and serves reads (and every connection of the CLI tools); `writer` is
 * the SQLite connection the service writes through (see WriteTransactions).
 */
export type ConnectionRole = 'main' | 'writer';

/**
 * The one definition of the database connection, used by the app, the CLI tools and the TypeORM CLI
 * (`ormconfig.ts`), each giving the entities it maps. Migrations always run; `synchronize` is never on.
 */
export function databaseOptions(config: AppConfig, entities: EntityList, role: ConnectionRole = 'main'): DataSourceOptions {
  const common = {
    entities,
    migrations: MIGRATIONS,
    migrationsRun: role === 'main',
    migrationsTransactionMode: 'each',
    synchronize: false,
  } as const;
  const { database } = config;
  return database.type === 'postgres' ? { ...common, ...postgresOptions(database) } : { ...common, ...sqliteOptions(database, role) };
}

function sqliteOptions({ path, synchronous }: SqliteConfig, role: ConnectionRole) {
  // SQLite creates the WAL and shared-memory files with the database file's mode.
  if (path !== ':memory:') ensurePrivateFile(path, [`${path}-wal`, `${path}-shm`]);
  return {
    type: 'better-sqlite3',
    database: path,
    // WAL lets readers proceed while a large import writes; the driver also turns foreign keys on.
    enableWAL: true,
    timeout: BUSY_TIMEOUT_MS,
    prepareDatabase: (db: Database) => {
      // NORMAL is safe with WAL: a crash may lose the last commits but never corrupts the file. FULL
      // syncs every commit, so that an acknowledged write survives a power loss too.
      db.pragma(`synchronous = ${synchronous.toUpperCase()}`);
      // SQLite's lower() and upper() fold ASCII letters only; PostgreSQL's, and OData's tolower and
      // toupper, follow Unicode. JavaScript's are Unicode's default case mapping, whatever the locale.
      db.function('lower', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value));
      db.function('upper', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toUpperCase() : value));
      if (role === 'writer') {
        // The commit that crosses the WAL threshold would copy the WAL into the database on the event
        // loop (100–200 ms after a 100,000-code write): the WalCheckpointer's thread does it instead.
        db.pragma('wal_autocheckpoint = 0');
        // A small page cache spills to the WAL while a long write goes on, so its commit is short.
        db.pragma(`cache_size = -${WRITER_CACHE_KIB}`);
      }
    },
  } as const;
}

function postgresOptions({ url, poolSize, statementTimeoutMs }: PostgresConfig) {
  return {
    type: 'postgres',
    url,
    poolSize,
    connectTimeoutMS: POSTGRES_CONNECT_TIMEOUT_MS,
    applicationName: 'graph-esim-service',
    // node-postgres sets it on every connection it opens; 0 is PostgreSQL's "no limit".
    extra: { statement_timeout: statementTimeoutMs },
  } as const;
}

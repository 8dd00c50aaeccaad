import { QueryFailedError } from 'typeorm';
import { MIGRATIONS } from '../migrations';
import { translateStorageFailure } from '../src/database/storage-failures';
import { useTestApp } from './support/test-app';
import { TEST_DB } from './support/test-database';

describe('the database', () => {
  const t = useTestApp();

  it('is opened as configured: SQLite under DATA_DIR in WAL mode with foreign keys and a busy timeout, PostgreSQL with a statement timeout', async () => {
    const { database } = t.config;
    if (database.type === 'sqlite') {
      expect(database.path.startsWith(t.config.dataDir)).toBe(true);
      expect(await t.dataSource.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await t.dataSource.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
      expect(await t.dataSource.query('PRAGMA busy_timeout')).toEqual([{ timeout: 5000 }]);
      expect(await t.dataSource.query('PRAGMA synchronous')).toEqual([{ synchronous: 1 }]);
    } else {
      expect(await t.dataSource.query('SHOW statement_timeout')).toEqual([{ statement_timeout: '30s' }]);
      expect(await t.dataSource.query('SHOW application_name')).toEqual([{ application_name: 'graph-esim-service' }]);
    }
  });

  it('has applied every migration, and the migrations match the entities exactly', async () => {
    expect(await t.dataSource.showMigrations()).toBe(false);
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('never synchronizes the schema from the entities', () => {
    expect(t.dataSource.options.synchronize).toBe(false);
  });

  it('reverts and re-applies the migrations cleanly', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await t.dataSource.undoLastMigration();
    const runner = t.dataSource.createQueryRunner();
    try {
      for (const { tableName } of t.dataSource.entityMetadatas)
        expect([tableName, await runner.hasTable(tableName)]).toEqual([tableName, false]);
    } finally {
      await runner.release();
    }
    await t.dataSource.runMigrations();
    expect(await t.dataSource.showMigrations()).toBe(false);
  });
});

describe('the settings of each database', () => {
  const t = useTestApp(TEST_DB === 'sqlite' ? { DB_SYNCHRONOUS: 'full' } : { DB_STATEMENT_TIMEOUT_MS: '300', DB_POOL_SIZE: '3' });

  it('applies them: DB_SYNCHRONOUS on SQLite; DB_POOL_SIZE and DB_STATEMENT_TIMEOUT_MS on PostgreSQL, where a statement past it is a 503', async () => {
    if (t.config.database.type === 'sqlite') {
      expect(await t.dataSource.query('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]);
    } else {
      expect(await t.dataSource.query('SHOW statement_timeout')).toEqual([{ statement_timeout: '300ms' }]);
      expect((t.dataSource.driver as unknown as { master: { options: { max: number } } }).master.options.max).toBe(3);
      const cancelled = await t.dataSource.query('SELECT pg_sleep(1)').catch((error: unknown) => error);
      expect(cancelled).toBeInstanceOf(QueryFailedError);
      expect(translateStorageFailure(cancelled)).toMatchObject({ kind: 'unavailable' });
    }
  });
});

import { MIGRATIONS } from '../migrations';
import { useTestApp } from './support/test-app';

describe('the embedded SQLite database', () => {
  const t = useTestApp();

  it('creates its file under DATA_DIR and runs in WAL mode with foreign keys and a busy timeout', async () => {
    expect(t.config.database.path.startsWith(t.config.dataDir)).toBe(true);
    expect(await t.dataSource.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(await t.dataSource.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    expect(await t.dataSource.query('PRAGMA busy_timeout')).toEqual([{ timeout: 5000 }]);
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
    const tables = await t.dataSource.query(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('migrations', 'sqlite_sequence')",
    );
    expect(tables).toEqual([]);
    await t.dataSource.runMigrations();
    expect(await t.dataSource.showMigrations()).toBe(false);
  });
});

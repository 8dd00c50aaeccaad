import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { createPostgresDatabase, dropPostgresDatabase, postgresDatabaseExists, postgresDatabaseUrl } from './postgres-database';

/**
 * The database the end-to-end suite runs on: SQLite unless `TEST_DB=postgres` (`npm run test:postgres`).
 * Either way every test application and service process gets a database of its own, empty until its
 * migrations run.
 */
export const TEST_DB = testDatabaseType(process.env.TEST_DB);

function testDatabaseType(value: string | undefined): 'sqlite' | 'postgres' {
  if (value === undefined || value === '' || value === 'sqlite') return 'sqlite';
  if (value === 'postgres') return value;
  throw new Error(`TEST_DB must be sqlite or postgres, not '${value}'`);
}

/**
 * A test's data lives under its DATA_DIR, as the embedded default keeps it: on SQLite the file
 * `DB_PATH` defaults to, on PostgreSQL a database named after the directory. So an app or a process
 * started again on the same DATA_DIR finds what the previous one stored, on either database.
 */
function databaseNameOf(dataDir: string): string {
  return `esim_test_${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 32)}`;
}

/** The settings that point an app or a process at the database of `dataDir` (none on SQLite: DATA_DIR says it all). */
export function testDatabaseEnv(dataDir: string): Record<string, string> {
  return TEST_DB === 'postgres' ? { DB_TYPE: 'postgres', DATABASE_URL: postgresDatabaseUrl(databaseNameOf(dataDir)) } : {};
}

/** `testDatabaseEnv`, once the database of `dataDir` exists (on PostgreSQL, created empty on first use). */
export async function prepareTestDatabase(dataDir: string): Promise<Record<string, string>> {
  if (TEST_DB === 'postgres' && !(await postgresDatabaseExists(databaseNameOf(dataDir)))) {
    await createPostgresDatabase(databaseNameOf(dataDir));
  }
  return testDatabaseEnv(dataDir);
}

/** Removes a test's DATA_DIR and, on PostgreSQL, its database. */
export async function removeTestData(dataDir: string): Promise<void> {
  rmSync(dataDir, { recursive: true, force: true });
  if (TEST_DB === 'postgres') await dropPostgresDatabase(databaseNameOf(dataDir));
}

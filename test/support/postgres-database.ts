import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** The server every machine here runs (trust auth); `TEST_POSTGRES_URL` points elsewhere. */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface PostgresDatabase {
  /** The connection URL of the fresh database. */
  url(): string;
  query(sql: string, parameters?: unknown[]): Promise<unknown[]>;
}

/**
 * A fresh, empty PostgreSQL database for the tests of a file or describe block: created before them,
 * dropped (connections and all) after them.
 */
export function usePostgresDatabase(): PostgresDatabase {
  const name = `esim_test_${randomUUID().replace(/-/g, '')}`;
  const url = postgresDatabaseUrl(name);
  let client: Client | undefined;
  beforeAll(async () => {
    await createPostgresDatabase(name);
    client = new Client({ connectionString: url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await dropPostgresDatabase(name);
  });
  return {
    url: () => url,
    async query(sql, parameters) {
      if (client === undefined) throw new Error('the database exists only inside the tests');
      return (await client.query(sql, parameters)).rows as unknown[];
    },
  };
}

/** The connection URL of database `name` on the test server. */
export function postgresDatabaseUrl(name: string): string {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Creates an empty database (`name` must be a plain identifier) whose default collation is a
 * linguistic one, as production databases usually have (`en_US.UTF-8` or ICU's), not the test
 * server's: the suite then shows that no ordering or comparison depends on it. Its commits do not
 * wait for the WAL to reach the disk (what a test writes need not survive a crash of the server),
 * which makes the write-heavy suites several times faster.
 */
export async function createPostgresDatabase(name: string): Promise<void> {
  await asAdmin(async (admin) => {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en'`);
    await admin.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
  });
}

/** Drops database `name` if it exists, closing its connections first. */
export async function dropPostgresDatabase(name: string): Promise<void> {
  await asAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** Whether database `name` exists on the test server. */
export async function postgresDatabaseExists(name: string): Promise<boolean> {
  return asAdmin(async (admin) => (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
}

async function asAdmin<T>(work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

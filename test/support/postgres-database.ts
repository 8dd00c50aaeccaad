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
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  let client: Client | undefined;
  beforeAll(async () => {
    await asAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
    client = new Client({ connectionString: url.toString() });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await asAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });
  return {
    url: () => url.toString(),
    async query(sql, parameters) {
      if (client === undefined) throw new Error('the database exists only inside the tests');
      return (await client.query(sql, parameters)).rows as unknown[];
    },
  };
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

import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** The PostgreSQL server every machine here runs (trust auth); `BENCH_POSTGRES_URL` points elsewhere. */
const POSTGRES_ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface FreshPostgresDatabase {
  readonly url: string;
  /** Refreshes the planner's statistics, as an operator would after a bulk load (autovacuum would, within minutes). */
  analyze(): Promise<void>;
  /** Drops the database, closing its connections first. */
  drop(): Promise<void>;
}

/** A fresh, empty database on the PostgreSQL server, for one run of a harness. */
export async function createFreshPostgresDatabase(): Promise<FreshPostgresDatabase> {
  const name = `esim_bench_${randomUUID().replace(/-/g, '')}`;
  await asAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    analyze: () => withClient(url.toString(), (client) => client.query('ANALYZE')),
    drop: () => asAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

function asAdmin(work: (admin: Client) => Promise<unknown>): Promise<void> {
  return withClient(POSTGRES_ADMIN_URL, work);
}

async function withClient(url: string, work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

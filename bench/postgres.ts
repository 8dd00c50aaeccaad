import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** The PostgreSQL server every machine here runs (trust auth); `BENCH_POSTGRES_URL` points elsewhere. */
const POSTGRES_ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface FreshPostgresDatabase {
  readonly url: string;
  /** Drops the database, closing its connections first. */
  drop(): Promise<void>;
}

/** A fresh, empty database on the PostgreSQL server, for one run of a harness. */
export async function createFreshPostgresDatabase(): Promise<FreshPostgresDatabase> {
  const name = `esim_bench_${randomUUID().replace(/-/g, '')}`;
  await asAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => asAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)) };
}

async function asAdmin(work: (admin: Client) => Promise<unknown>): Promise<void> {
  const admin = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await work(admin);
  } finally {
    await admin.end();
  }
}

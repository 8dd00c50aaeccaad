import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { POOLS_PATH } from './config';
import { sendForJson } from './http-client';
import type { Server } from './servers';
import { nextPoolBody, poolDisplayName } from './test-data';

const PROGRESS_EVERY = 2_000;
/** Pools per multi-row INSERT when writing a database directly: 6 parameters a row. */
const DIRECT_INSERT_ROWS = 500;
/** Pools per transaction: big enough that commits do not dominate, small enough to bound the WAL. */
const DIRECT_TRANSACTION_ROWS = 100_000;

/**
 * Creates `pools` pools with `codesPerPool` codes each through every server's API, sending each server
 * the very same body, so all databases hold the same names, ICCIDs and code counts. Returns the
 * created pool ids per server, in creation order.
 */
export async function seedOverHttp(
  servers: readonly Server[],
  headers: Record<string, string>,
  { pools, codesPerPool, concurrency }: { pools: number; codesPerPool: number; concurrency: number },
): Promise<Map<Server, string[]>> {
  const ids = new Map(servers.map((server) => [server, new Array<string>(pools)]));
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < pools; index = next++) {
      const body = nextPoolBody(codesPerPool);
      for (const server of servers) {
        const created = await sendForJson<{ id: string }>(`${server.origin}${POOLS_PATH}`, 201, { method: 'POST', headers, body });
        ids.get(server)![index] = created.id;
      }
      if ((index + 1) % PROGRESS_EVERY === 0) console.log(`  seeded ${index + 1} / ${pools} pools on each server`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ids;
}

/**
 * Writes `count` pools without codes straight into a stopped service's SQLite file (its migrations
 * have run), far faster than the API: the scaling scenario needs a million of them.
 */
export function seedDirectly(databasePath: string, tenantId: string, count: number, firstIndex = 0): void {
  const db = new Database(databasePath);
  try {
    const rowPlaceholders = '(?, ?, ?, ?, ?, 0)';
    const insertStatement = (rows: number) =>
      db.prepare(
        `INSERT INTO "activation_code_pools" ("id", "tenantId", "displayName", "createdDateTime", "modifiedDateTime", "activationCodeCount") VALUES ${Array(rows).fill(rowPlaceholders).join(', ')}`,
      );
    const fullBatch = insertStatement(DIRECT_INSERT_ROWS);
    // Ids in ascending order: appending to the two id indexes is ~4× faster than random inserts.
    const idSuffix = randomUUID().slice(8);
    const insertRange = db.transaction((from: number, to: number) => {
      const now = new Date().toISOString();
      for (let start = from; start < to; start += DIRECT_INSERT_ROWS) {
        const rows = Math.min(DIRECT_INSERT_ROWS, to - start);
        const parameters: string[] = [];
        for (let index = start; index < start + rows; index++) {
          parameters.push(index.toString(16).padStart(8, '0') + idSuffix, tenantId, poolDisplayName(index), now, now);
        }
        (rows === DIRECT_INSERT_ROWS ? fullBatch : insertStatement(rows)).run(parameters);
      }
    });
    for (let start = firstIndex; start < firstIndex + count; start += DIRECT_TRANSACTION_ROWS) {
      insertRange(start, Math.min(start + DIRECT_TRANSACTION_ROWS, firstIndex + count));
    }
    // Leaves a compact file for the service to open, rather than a large WAL to replay.
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { EXPAND } from './config';
import type { Server } from './servers';
import { nextIccid } from './test-data';

const TARGET_TYPES = [
  'microsoft.graph.allDevicesAssignmentTarget',
  'microsoft.graph.groupAssignmentTarget',
  'microsoft.graph.exclusionGroupAssignmentTarget',
];
/** The member values of embeddedSIMDeviceStateValue that devices report most: installed, failed, installing. */
const STATES = [3, 3, 3, 1, 2];

/** One server's child rows, as parameter lists in the column order of the statements below. */
interface ChildRows {
  readonly assignments: unknown[][];
  readonly deviceStates: unknown[][];
}

const ASSIGNMENT_COLUMNS = ['id', 'tenantId', 'poolId', 'targetType', 'targetId', 'filterId', 'filterType'];
const DEVICE_STATE_COLUMNS = [
  'id',
  'tenantId',
  'poolId',
  'createdDateTime',
  'modifiedDateTime',
  'lastSyncDateTime',
  'universalIntegratedCircuitCardIdentifier',
  'deviceName',
  'userName',
  'stateDetails',
  'state',
];
const FIRST_POOLS_SQL = 'SELECT "id", "tenantId" FROM "activation_code_pools" ORDER BY "tenantId", "id" LIMIT ';

/**
 * Gives the first `EXPAND.pools` pools by id (the page `$top=50` lists) assignments and device states,
 * written straight into each server's database while it runs (its SQLite file, or its PostgreSQL
 * database): the same rows on every server (ids aside), so the expand scenario compares like with
 * like. No server caches rows, so they read these as if they had been created through the API.
 */
export async function seedChildren(servers: readonly Server[]): Promise<void> {
  const groups = Array.from({ length: EXPAND.assignmentsPerPool }, () => randomUUID());
  const devices = Array.from({ length: EXPAND.pools * EXPAND.deviceStatesPerPool }, (_, index) => ({
    iccid: nextIccid(),
    name: `CONTOSO-LT-${1000 + index}`,
    user: `user${index}@contoso.com`,
    state: STATES[index % STATES.length],
  }));
  const now = new Date().toISOString();
  const rowsFor = (pools: readonly { id: string; tenantId: string }[]): ChildRows => ({
    assignments: pools.flatMap((pool) =>
      groups.map((group, index) => [
        randomUUID(),
        pool.tenantId,
        pool.id,
        TARGET_TYPES[index % TARGET_TYPES.length],
        index === 0 ? '' : group,
        null,
        0,
      ]),
    ),
    deviceStates: pools.flatMap((pool, poolIndex) =>
      Array.from({ length: EXPAND.deviceStatesPerPool }, (_, index) => {
        const device = devices[poolIndex * EXPAND.deviceStatesPerPool + index];
        return [randomUUID(), pool.tenantId, pool.id, now, now, now, device.iccid, device.name, device.user, null, device.state];
      }),
    ),
  });
  for (const server of servers) {
    if (server.databasePath.startsWith('postgres')) await writeToPostgres(server.databasePath, rowsFor);
    else writeToSqlite(server.databasePath, rowsFor);
  }
}

function insertSql(table: string, columns: readonly string[], placeholders: string): string {
  return `INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(', ')}) VALUES ${placeholders}`;
}

function writeToSqlite(path: string, rowsFor: (pools: { id: string; tenantId: string }[]) => ChildRows): void {
  const db = new Database(path, { timeout: 10_000 });
  try {
    const rows = rowsFor(db.prepare(`${FIRST_POOLS_SQL}?`).all(EXPAND.pools) as { id: string; tenantId: string }[]);
    const row = (columns: readonly string[]) => `(${columns.map(() => '?').join(', ')})`;
    const insertAssignment = db.prepare(insertSql('activation_code_pool_assignments', ASSIGNMENT_COLUMNS, row(ASSIGNMENT_COLUMNS)));
    const insertDeviceState = db.prepare(insertSql('embedded_sim_device_states', DEVICE_STATE_COLUMNS, row(DEVICE_STATE_COLUMNS)));
    db.transaction(() => {
      for (const values of rows.assignments) insertAssignment.run(...values);
      for (const values of rows.deviceStates) insertDeviceState.run(...values);
    })();
  } finally {
    db.close();
  }
}

async function writeToPostgres(url: string, rowsFor: (pools: { id: string; tenantId: string }[]) => ChildRows): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const rows = rowsFor((await client.query<{ id: string; tenantId: string }>(`${FIRST_POOLS_SQL}$1`, [EXPAND.pools])).rows);
    await client.query('BEGIN');
    for (const [table, columns, values] of [
      ['activation_code_pool_assignments', ASSIGNMENT_COLUMNS, rows.assignments],
      ['embedded_sim_device_states', DEVICE_STATE_COLUMNS, rows.deviceStates],
    ] as const) {
      for (const row of values) {
        await client.query(insertSql(table, columns, `(${columns.map((_, index) => `$${index + 1}`).join(', ')})`), row);
      }
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
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

/**
 * Gives the first `EXPAND.pools` pools by id (the page `$top=50` lists) assignments and device states,
 * written straight into each server's SQLite file while it runs: the same rows on every server (ids
 * aside), so the expand scenario compares like with like. Neither the service nor the baseline caches
 * rows, so they read these as if they had been created through the API.
 */
export function seedChildren(servers: readonly Server[]): void {
  const groups = Array.from({ length: EXPAND.assignmentsPerPool }, () => randomUUID());
  const devices = Array.from({ length: EXPAND.pools * EXPAND.deviceStatesPerPool }, (_, index) => ({
    iccid: nextIccid(),
    name: `CONTOSO-LT-${1000 + index}`,
    user: `user${index}@contoso.com`,
    state: STATES[index % STATES.length],
  }));
  const now = new Date().toISOString();
  for (const server of servers) {
    const db = new Database(server.databasePath, { timeout: 10_000 });
    try {
      const pools = db
        .prepare('SELECT "id", "tenantId" FROM "activation_code_pools" ORDER BY "tenantId", "id" LIMIT ?')
        .all(EXPAND.pools) as { id: string; tenantId: string }[];
      const insertAssignment = db.prepare(
        'INSERT INTO "activation_code_pool_assignments" ("id", "tenantId", "poolId", "targetType", "targetId", "filterId", "filterType") VALUES (?, ?, ?, ?, ?, NULL, 0)',
      );
      const insertDeviceState = db.prepare(
        'INSERT INTO "embedded_sim_device_states" ("id", "tenantId", "poolId", "createdDateTime", "modifiedDateTime", "lastSyncDateTime", ' +
          '"universalIntegratedCircuitCardIdentifier", "deviceName", "userName", "stateDetails", "state") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)',
      );
      db.transaction(() => {
        pools.forEach((pool, poolIndex) => {
          groups.forEach((group, index) => {
            const targetType = TARGET_TYPES[index % TARGET_TYPES.length];
            insertAssignment.run(randomUUID(), pool.tenantId, pool.id, targetType, index === 0 ? '' : group);
          });
          for (let index = 0; index < EXPAND.deviceStatesPerPool; index++) {
            const device = devices[poolIndex * EXPAND.deviceStatesPerPool + index];
            insertDeviceState.run(
              randomUUID(),
              pool.tenantId,
              pool.id,
              now,
              now,
              now,
              device.iccid,
              device.name,
              device.user,
              device.state,
            );
          }
        });
      })();
    } finally {
      db.close();
    }
  }
}

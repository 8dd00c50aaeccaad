import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { ENTITY_TAG } from '../../odata/concurrency/entity-tags';
import { compileJsonRenderPlan } from '../../odata/query/binding/json-render-plan';
import { SQLITE_DIALECT } from '../../odata/query/binding/sql-dialect';
import { DEVICE_STATE_TYPE, ESIM_MODEL } from '../esim.schema';
import { DEVICE_STATE_ROW_RENDERING, toDeviceStateResource } from './device-state.resource';
import { DeviceStateEntity } from './entities/device-state.entity';

describe('DEVICE_STATE_ROW_RENDERING', () => {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE d (id TEXT, createdDateTime TEXT, modifiedDateTime TEXT, lastSyncDateTime TEXT,
    universalIntegratedCircuitCardIdentifier TEXT, deviceName TEXT, userName TEXT, stateDetails TEXT, state INTEGER, version INTEGER)`);
  const plan = compileJsonRenderPlan(
    ESIM_MODEL,
    DEVICE_STATE_TYPE,
    undefined,
    DEVICE_STATE_ROW_RENDERING,
    (p) => `d."${p}"`,
    SQLITE_DIALECT,
  );
  const render = db.prepare(`SELECT ${plan.json} AS json FROM d WHERE id = ?`);
  const insert = db.prepare(`INSERT INTO d VALUES (@id, @createdDateTime, @modifiedDateTime, @lastSyncDateTime,
    @universalIntegratedCircuitCardIdentifier, @deviceName, @userName, @stateDetails, @state, @version)`);

  it.each([0, 1, 2, 3, 4, 5, 6, 7])(
    'renders a device state in state %i, with and without optional values, as toDeviceStateResource shows it',
    (state) => {
      const now = new Date().toISOString();
      const full = {
        lastSyncDateTime: now,
        universalIntegratedCircuitCardIdentifier: '89044045116727494800',
        deviceName: 'Pixel "8"',
        userName: 'ada@contoso.com',
        stateDetails: 'ok',
      };
      const empty = {
        lastSyncDateTime: null,
        universalIntegratedCircuitCardIdentifier: null,
        deviceName: null,
        userName: null,
        stateDetails: null,
      };
      for (const optional of [full, empty]) {
        const row: DeviceStateEntity = {
          id: randomUUID(),
          tenantId: 't',
          poolId: 'p',
          createdDateTime: now,
          modifiedDateTime: now,
          ...optional,
          state,
          version: 2,
        };
        insert.run(row);
        const { [ENTITY_TAG]: entityTag, ...properties } = toDeviceStateResource(row);
        const { json } = render.get(row.id) as { json: string };
        expect(JSON.parse(json)).toEqual({ '@odata.type': `#${DEVICE_STATE_TYPE}`, '@odata.etag': entityTag, ...properties });
      }
    },
  );
});

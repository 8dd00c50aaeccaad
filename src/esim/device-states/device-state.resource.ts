import { ENTITY_TAG, EntityTagged, weakEntityTag } from '../../odata/concurrency/entity-tags';
import { RowRendering } from '../../odata/query/binding/json-render-plan';
import { DEVICE_STATE_VALUE_TYPE, ESIM_MODEL } from '../esim.schema';
import { DeviceStateEntity } from './entities/device-state.entity';

export type DeviceStateValue = 'notEvaluated' | 'failed' | 'installing' | 'installed' | 'deleting' | 'error' | 'deleted' | 'removedByUser';

/** A device state as responses show it: every property, `null` where it has no value, and its ETag. */
export interface DeviceStateResource extends EntityTagged {
  readonly id: string;
  readonly createdDateTime: string;
  readonly modifiedDateTime: string;
  readonly lastSyncDateTime: string | null;
  readonly universalIntegratedCircuitCardIdentifier: string | null;
  readonly deviceName: string | null;
  readonly userName: string | null;
  readonly stateDetails: string | null;
  readonly state: DeviceStateValue;
}

export const DEVICE_STATE_VALUES = ESIM_MODEL.enumMembers(DEVICE_STATE_VALUE_TYPE);

export function toDeviceStateResource(state: DeviceStateEntity): DeviceStateResource {
  return {
    id: state.id,
    createdDateTime: state.createdDateTime,
    modifiedDateTime: state.modifiedDateTime,
    lastSyncDateTime: state.lastSyncDateTime,
    universalIntegratedCircuitCardIdentifier: state.universalIntegratedCircuitCardIdentifier,
    deviceName: state.deviceName,
    userName: state.userName,
    stateDetails: state.stateDetails,
    state: DEVICE_STATE_VALUES.nameOf(state.state) as DeviceStateValue,
    [ENTITY_TAG]: weakEntityTag(state.version),
  };
}

/** What the database renders of a device state row: `toDeviceStateResource` in SQL (the state is stored as its enum value). */
export const DEVICE_STATE_ROW_RENDERING: RowRendering = {
  valueOf: (property, row) => (property === 'state' ? row.enumMember(DEVICE_STATE_VALUE_TYPE, row.column('state')) : row.column(property)),
  versionProperty: 'version',
};

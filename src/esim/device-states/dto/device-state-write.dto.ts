import { EdmValue } from '../../../graph/body/edm-value.decorator';
import { ODataTypeAnnotation, ReadOnlyProperty } from '../../../graph/body/wire-decorators';
import { DEVICE_STATE_TYPE, ESIM_MODEL } from '../../esim.schema';
import type { DeviceStateValue } from '../device-state.resource';

/** What create and update share; every rule (types, bounds, the state's members) comes from the EDM. */
abstract class DeviceStateWriteDto {
  @ODataTypeAnnotation(DEVICE_STATE_TYPE)
  '@odata.type'?: string;

  @EdmValue(ESIM_MODEL, DEVICE_STATE_TYPE, 'deviceName')
  deviceName?: string | null;

  @EdmValue(ESIM_MODEL, DEVICE_STATE_TYPE, 'userName')
  userName?: string | null;

  @EdmValue(ESIM_MODEL, DEVICE_STATE_TYPE, 'stateDetails')
  stateDetails?: string | null;

  @EdmValue(ESIM_MODEL, DEVICE_STATE_TYPE, 'lastSyncDateTime')
  lastSyncDateTime?: string | null;

  @EdmValue(ESIM_MODEL, DEVICE_STATE_TYPE, 'universalIntegratedCircuitCardIdentifier')
  universalIntegratedCircuitCardIdentifier?: string | null;

  @ReadOnlyProperty() id?: unknown;
  @ReadOnlyProperty() createdDateTime?: unknown;
  @ReadOnlyProperty() modifiedDateTime?: unknown;
}

export class CreateDeviceStateDto extends DeviceStateWriteDto {
  @EdmValue(ESIM_MODEL, DEVICE_STATE_TYPE, 'state', { required: true })
  state: DeviceStateValue;
}

/** PATCH: every property optional; a nullable one set to `null` is cleared. */
export class UpdateDeviceStateDto extends DeviceStateWriteDto {
  @EdmValue(ESIM_MODEL, DEVICE_STATE_TYPE, 'state')
  state?: DeviceStateValue;
}

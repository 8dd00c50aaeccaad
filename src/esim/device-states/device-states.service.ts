import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { FIRST_VERSION } from '../../database/versioned-write';
import { RequestPreconditions } from '../../odata/concurrency/preconditions';
import { PoolContainedService } from '../pools/pool-contained.service';
import { poolNotFound } from '../pools/pool-errors';
import { PoolsRepository } from '../pools/pools.repository';
import { DEVICE_STATE_VALUES, DeviceStateResource, toDeviceStateResource } from './device-state.resource';
import { DeviceStatesRepository } from './device-states.repository';
import { CreateDeviceStateDto, UpdateDeviceStateDto } from './dto/device-state-write.dto';
import { DeviceStateEntity } from './entities/device-state.entity';

/** The states of the devices provisioned from a pool (spec §2): reachable only through their own pool and tenant. */
@Injectable()
export class DeviceStatesService extends PoolContainedService<DeviceStateEntity, DeviceStateResource> {
  constructor(
    private readonly deviceStates: DeviceStatesRepository,
    pools: PoolsRepository,
  ) {
    super(deviceStates, pools, 'embeddedSIMDeviceState', toDeviceStateResource);
  }

  async create(tenantId: string, poolId: string, dto: CreateDeviceStateDto): Promise<DeviceStateResource> {
    const now = new Date().toISOString();
    const state: DeviceStateEntity = {
      id: randomUUID(),
      tenantId,
      poolId,
      createdDateTime: now,
      modifiedDateTime: now,
      lastSyncDateTime: null,
      universalIntegratedCircuitCardIdentifier: null,
      deviceName: null,
      userName: null,
      stateDetails: null,
      ...columnsOf(dto),
      state: DEVICE_STATE_VALUES.valueOf(dto.state),
      version: FIRST_VERSION,
    };
    if (!(await this.deviceStates.insert(state))) throw poolNotFound(poolId);
    return toDeviceStateResource(state);
  }

  /** Spec §9: only if the device state satisfies the request's preconditions (a 412 otherwise, and nothing changes). */
  async update(
    tenantId: string,
    poolId: string,
    id: string,
    dto: UpdateDeviceStateDto,
    preconditions: RequestPreconditions,
  ): Promise<DeviceStateResource> {
    const changes = {
      ...columnsOf(dto),
      ...(dto.state === undefined ? {} : { state: DEVICE_STATE_VALUES.valueOf(dto.state) }),
      modifiedDateTime: new Date().toISOString(),
    };
    return this.updateRow(id, preconditions, (check) => this.deviceStates.update(tenantId, poolId, id, changes, check));
  }
}

/** The columns a body sets (those it leaves out stay as they are); a time is stored in UTC, with milliseconds. */
function columnsOf(dto: CreateDeviceStateDto | UpdateDeviceStateDto): Partial<DeviceStateEntity> {
  const { deviceName, userName, stateDetails, lastSyncDateTime, universalIntegratedCircuitCardIdentifier } = dto;
  const given = { deviceName, userName, stateDetails, universalIntegratedCircuitCardIdentifier };
  return {
    ...Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)),
    ...(lastSyncDateTime === undefined
      ? {}
      : { lastSyncDateTime: lastSyncDateTime === null ? null : new Date(lastSyncDateTime).toISOString() }),
  };
}

import { Injectable } from '@nestjs/common';
import { ExpansionSource } from '../../odata/query/odata-query-executor';
import { toAssignmentResource } from '../assignments/assignment.resource';
import { AssignmentsRepository } from '../assignments/assignments.repository';
import { PoolAssignmentEntity } from '../assignments/entities/pool-assignment.entity';
import { toDeviceStateResource } from '../device-states/device-state.resource';
import { DeviceStatesRepository } from '../device-states/device-states.repository';
import { DeviceStateEntity } from '../device-states/entities/device-state.entity';

/** The navigation properties of a pool that `$expand` can fill: its assignments and its device states, within the caller's tenant. */
@Injectable()
export class PoolExpansions {
  constructor(
    private readonly assignments: AssignmentsRepository,
    private readonly deviceStates: DeviceStatesRepository,
  ) {}

  of(tenantId: string): Record<string, ExpansionSource> {
    return {
      assignments: {
        childrenOf: (poolIds) => this.assignments.ofPools(tenantId, poolIds),
        parentKeyProperty: 'poolId',
        toResource: (row) => toAssignmentResource(row as PoolAssignmentEntity),
      },
      deviceStates: {
        childrenOf: (poolIds) => this.deviceStates.ofPools(tenantId, poolIds),
        parentKeyProperty: 'poolId',
        toResource: (row) => toDeviceStateResource(row as DeviceStateEntity),
      },
    };
  }
}
